"""Demo data of vehicles (idempotent: fixed UUIDs from sijill.demo.loader.demo_uuid)."""


def load_demo() -> int:
    """Load this app's demo rows; return how many were created."""
    return 0
