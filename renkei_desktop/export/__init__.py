"""Writing results: CSV, Excel tables, free-text lists (and later figures), always atomically."""
