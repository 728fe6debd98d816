from coopdata.model import funds_2021, goal, interreg_strand, programme_countries


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


def test_funds_2021_from_cci_title_and_finances():
    assert funds_2021("2021AT16RFPR001", "x", []) == ["ERDF"]
    assert funds_2021("2021FR16FFPR001", "Programme Sud ERDF-ESF+-JTF 2021-2027", []) == ["ERDF", "ESF+", "JTF"]
    assert funds_2021("2021HU16FFPR003", "Transport – HU – CF/ERDF", []) == ["CF", "ERDF"]
    assert funds_2021("2021CZ16FFPR002", "Transport", ["CF"]) == ["CF"]
    assert funds_2021("2021TC16RFCB002", "(Interreg VI-A) Austria-Czechia", []) == ["Interreg"]


def test_interreg_countries_from_title():
    assert programme_countries("2021TC16RFCB002", "AT", "(Interreg VI-A) Austria-Czechia") == ["AT", "CZ"]
    assert programme_countries("2021AT16RFPR001", "AT", "anything") == ["AT"]
