"""Small number rules shared by selectors and views."""


def percent(part: float | None, whole: float | None, *, digits: int | None = 1) -> float | int | None:
    """`part` as a percentage of `whole`, rounded to `digits` (None: a whole number); None when either is unknown
    or `whole` is zero (nothing to compare against is not 0%)."""
    if part is None or not whole:
        return None
    return round(100.0 * part / whole, digits) if digits is not None else round(100 * part / whole)
