"""One module per public source: each turns one source file into canonical tables."""
