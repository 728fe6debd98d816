"""Pure geography: web shapes, cross-border adjacency, programme coverage, partnership scopes."""
