"""Exact calibration: integers in the smallest printed unit (fen, 0.01 分, 0.0001) that add up to a
published total while each stays within its bounds."""

from __future__ import annotations

import random


def allocate(total: int, weights: list[float], minimum: int = 1) -> list[int]:
    """Split `total` units in proportion to `weights` (largest remainder), each at least `minimum`."""
    free = total - minimum * len(weights)
    if free < 0:
        raise ValueError("total too small for the number of parts")
    scale = sum(weights)
    raw = [free * w / scale for w in weights]
    parts = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: free - sum(parts)]:
        parts[i] += 1
    return [p + minimum for p in parts]


def adjust_to_sum(
    values: list[int],
    target: int,
    low: list[int],
    high: list[int],
    rng: random.Random,
    eligible: list[int] | None = None,
) -> list[int]:
    """Nudge `values` (within [low, high]) until they add up to `target`, spreading the change thinly."""
    values = list(values)
    indices = list(eligible if eligible is not None else range(len(values)))
    diff = target - sum(values)
    guard = 0
    while diff:
        guard += 1
        if guard > 10_000:
            raise ValueError("cannot reach the target within the bounds")
        rng.shuffle(indices)
        step_total = 0
        for i in indices:
            if not diff:
                break
            room = high[i] - values[i] if diff > 0 else values[i] - low[i]
            if room <= 0:
                continue
            share = max(1, abs(diff) // max(1, len(indices)))
            step = min(room, share, abs(diff))
            values[i] += step if diff > 0 else -step
            diff += -step if diff > 0 else step
            step_total += step
        if step_total == 0:
            raise ValueError("cannot reach the target within the bounds")
    return values
