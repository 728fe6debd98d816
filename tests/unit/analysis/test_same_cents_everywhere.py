"""Every page's amount for the same programme and topic is the same integer number of cents (#18).

On the real data: for programmes of both periods and each of their topics, the amount Map (cci_amounts), Themes
(topic_distribution over the programme's rows), Compare (breakdown of the programme), Programme profile (by_topic)
and Partner search (its topic reasons) give, times 100, is one whole number, and it is the plain Python integer sum
of the source's cents. Before amounts were cents, pandas float sums differed from the exact sum for 8 of 786
programmes, so one amount could read differently on two pages.
"""

import pandas as pd
import pytest

from coopdata.analysis import compare, mapdata, partners, profile, themes
from coopdata.prepared import allocation_codes


def _programmes_with_amounts(allocations: pd.DataFrame, period_prefix: str, count: int) -> list[str]:
    known = allocations.loc[allocations["eu_cents"].notna(), "cci"]
    return sorted({c for c in known.unique() if c.startswith(period_prefix)})[:count]


@pytest.mark.parametrize("period_prefix", ["2014", "2021"])
def test_one_programme_topic_amount_is_the_same_cents_on_every_page(dataset, period_prefix):
    alloc, topics = dataset.allocations, dataset.topics
    codes = allocation_codes(alloc, None)
    ccis = _programmes_with_amounts(alloc, period_prefix, 12)
    assert len(ccis) == 12
    checked = 0
    for cci in ccis:
        rows = alloc[alloc["cci"] == cci]
        by_profile = profile.by_topic(alloc, topics, cci).set_index("topic_id")["eu_amount"]
        by_compare = compare.breakdown([compare.parse_entity(f"programme:{cci}")], {f"programme:{cci}": cci},
                                       dataset.programmes, alloc, dataset.coverage).set_index("key")["eu_amount"]
        by_themes = themes.topic_distribution(alloc, topics, rows=(alloc["cci"] == cci).to_numpy()
                                              ).set_index("topic_id")["eu_amount"]
        for topic_id, part in rows.groupby("topic_id"):
            known = [int(c) for c in part["eu_cents"] if not pd.isna(c)]
            if not known:
                continue
            exact = sum(known)  # plain integer arithmetic: the reference
            by_map = mapdata.cci_amounts(alloc, topics=(topic_id,), codes=codes)[codes.cci.uniques.get_loc(cci)]
            by_partners = partners._topic_reasons(alloc, codes, pd.Series([cci]), (topic_id,), ())["eu_cents"].iloc[0]
            seen = {"map": by_map / 100, "themes": by_themes[topic_id], "compare": by_compare[topic_id],
                    "profile": by_profile[topic_id], "partners": int(by_partners) / 100}
            for page, euros in seen.items():
                cents = euros * 100
                assert cents == round(cents) == exact, (cci, topic_id, page, euros, exact)
            checked += 1
    assert checked >= 12  # every programme has at least one topic with a known amount
