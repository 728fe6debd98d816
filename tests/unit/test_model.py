from coopdata.model import (
    FUND_BASES,
    fund_evidence_2021,
    funds_basis,
    goal,
    interreg_strand,
    programme_countries,
)


def test_goal_from_cci():
    assert goal("2014FR06RDRP073") == "EAFRD"
    assert goal("2021TC16RFCB002") == "ETC"
    assert goal("2021ES16RFPR001") == "IJG"
    assert goal("2014ES14MFOP001") == "FISH"


def test_interreg_strand():
    assert interreg_strand("2021TC16RFCB002") == "cross-border"
    assert interreg_strand("2021TC16RFTN001") == "transnational"
    assert interreg_strand("2014TC16I5CB002") == "IPA cross-border"
    assert interreg_strand("2021TC16NXCB010") == "NEXT"
    assert interreg_strand("2021AT16RFPR001") is None


def _funds(cci, titles, seen, sourced=None):
    return sorted({fund for fund, _ in fund_evidence_2021(cci, titles, seen, sourced)})


def test_funds_2021_are_the_union_of_finances_cci_titles_and_the_sourced_table():
    assert _funds("2021AT16RFPR001", ["x"], []) == ["ERDF"]
    assert _funds("2021FR16FFPR001", ["Programme Sud ERDF-ESF+-JTF 2021-2027"], []) == ["ERDF", "ESF+", "JTF"]
    assert _funds("2021HU16FFPR003", ["Transport", "Transport – HU – CF/ERDF"], []) == ["CF", "ERDF"]  # short title
    assert _funds("2021CZ16FFPR002", ["Transport"], ["CF"]) == ["CF"]
    assert _funds("2021SI16FFPR001", ["Slovenia"], ["ERDF"], (["ERDF", "CF", "ESF+", "JTF"], "stated")) == [
        "CF", "ERDF", "ESF+", "JTF"]
    assert _funds("2021EL16FFPR001", ["Competitiveness"], [], ([], "not found")) == []
    assert _funds("2021TC16RFCB002", ["(Interreg VI-A) Austria-Czechia"], []) == ["Interreg"]
    assert _funds("2021DE05SFPR001", ["ESF Plus Bund"], []) == ["ESF+"]  # a bare ESF in 2021-2027 is ESF+


def test_funds_basis_names_every_source_of_each_fund():
    evidence = fund_evidence_2021("2021HU16FFPR003", ["Transport CF", ""], ["ERDF"], (["ERDF", "CF"], "title"))
    assert funds_basis(evidence) == (
        f"CF: {FUND_BASES['title']}, {FUND_BASES['reference_title']}; "
        f"ERDF: {FUND_BASES['finances']}, {FUND_BASES['reference_title']}")


def test_interreg_countries_from_title():
    assert programme_countries("2021TC16RFCB002", "AT", "(Interreg VI-A) Austria-Czechia") == ["AT", "CZ"]
    assert programme_countries("2021AT16RFPR001", "AT", "anything") == ["AT"]
