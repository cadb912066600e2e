"""History: calendars and elections, pure functions on plain values (no file I/O)."""
