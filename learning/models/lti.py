"""LTI 1.3 platforms, deployments, users and grade targets (owned by the LTI work)."""

__all__: list[str] = []
