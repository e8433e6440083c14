"""Simulation runs, exercises and submissions (owned by the simulator work)."""
