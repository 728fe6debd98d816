"""coopdata: explore cooperation actions in EU cohesion-policy programmes."""

PERIODS = ("2014-2020", "2021-2027")
