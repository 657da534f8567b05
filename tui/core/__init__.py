"""Plain logic, no I/O: content model, records, timer, rounds, scheduling, stats, insights."""
