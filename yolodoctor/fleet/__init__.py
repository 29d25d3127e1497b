"""Many nodes, one verdict: gather `check --format json` from every node of a cluster (through Slurm,
Ray, or reports already collected), then judge the fleet: what differs across nodes (drift), which
findings nodes share (one fix per group), and which nodes did not answer and why (docs/fleet.md)."""
