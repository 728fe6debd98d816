"""Workshop matchmaking: registration list -> pairs -> group-work tables -> projector view and XLSX."""
