"""EcoIndex (GreenIT / cnumr reference): a page's environmental score from three figures.

The published formula: each figure is placed on the quantile scale measured on the HTTP Archive,
weighted 3 (DOM elements), 2 (requests), 1 (transferred size in KB), and
score = 100 - 5 × (3·q_dom + 2·q_req + q_size) / 6. Grades A–G by thresholds on the score;
greenhouse gases (gCO2e) and water (cl) per page view derive linearly from the score.
"""

from bisect import bisect_right
from dataclasses import dataclass

QUANTILES_DOM = (
    0, 47, 75, 159, 233, 298, 358, 417, 476, 537, 603, 674, 753, 843, 949, 1076, 1237, 1459,
    1801, 2479, 594601,
)  # fmt: skip
QUANTILES_REQUESTS = (
    0, 2, 15, 25, 34, 42, 49, 56, 63, 70, 78, 86, 95, 105, 117, 130, 147, 170, 205, 281, 3920,
)  # fmt: skip
QUANTILES_SIZE_KB = (
    0, 1.37, 144.7, 319.53, 479.46, 631.97, 783.38, 937.91, 1098.62, 1265.47, 1448.32, 1648.27,
    1876.08, 2142.06, 2465.37, 2866.31, 3401.59, 4155.73, 5400.08, 8037.54, 223212.26,
)  # fmt: skip
# A score strictly above the threshold earns the grade.
GRADES = (("A", 80), ("B", 70), ("C", 55), ("D", 40), ("E", 25), ("F", 10))


@dataclass(frozen=True)
class EcoIndex:
    score: float
    grade: str
    ges: float  # gCO2e per page view
    water: float  # centilitres per page view


def quantile(quantiles, value):
    """Position of `value` on the scale, linear between two quantiles, capped at the last."""
    i = bisect_right(quantiles, value)
    if i >= len(quantiles):
        return len(quantiles) - 1
    low, high = quantiles[i - 1], quantiles[i]
    return i - 1 + (value - low) / (high - low)


def score(dom, requests, size_kb):
    q_dom = quantile(QUANTILES_DOM, dom)
    q_req = quantile(QUANTILES_REQUESTS, requests)
    q_size = quantile(QUANTILES_SIZE_KB, size_kb)
    return 100 - 5 * (3 * q_dom + 2 * q_req + q_size) / 6


def grade(value):
    return next((letter for letter, threshold in GRADES if value > threshold), "G")


def ecoindex(dom, requests, size_kb):
    value = round(score(dom, requests, size_kb), 1)
    return EcoIndex(
        score=value,
        grade=grade(value),
        ges=round(2 + 2 * (50 - value) / 100, 2),
        water=round(3 + 3 * (50 - value) / 100, 2),
    )
