from coopdata.vocabularies import topics
from coopdata.workshop.topics_text import map_topics, split_items, topic_synonyms


def test_labels_ids_and_keywords_map_to_topics_and_unmatched_items_are_listed():
    m = map_topics("Digital; Research & innovation; quantum computing")
    assert m.topic_ids == ("research_innovation", "digital")  # vocabulary order
    assert m.unmatched == ("quantum computing",)


def test_free_text_keywords_whole_words_only():
    assert map_topics("renewable energy, youth unemployment").topic_ids == ("energy", "employment")
    assert map_topics("climate_risk").topic_ids == ("climate_risk",)
    assert map_topics("healthcare").topic_ids == ("health",)
    # "health" must not match inside "healthy"
    assert map_topics("healthy food") .topic_ids == ()
    assert map_topics("healthy food").unmatched == ("healthy food",)


def test_one_item_can_name_two_topics():
    assert map_topics("digital skills").topic_ids == ("digital", "education")


def test_accents_and_case_do_not_matter():
    assert map_topics("DIGITALISATION | Économie; Tourism").topic_ids == ("digital", "culture_tourism")
    assert map_topics("DIGITALISATION | Économie; Tourism").unmatched == ("Économie",)


def test_empty_text():
    assert map_topics(None).topic_ids == () and map_topics("  ; ,").unmatched == ()
    assert split_items("a;\nb ,c") == ["a", "b", "c"]


def test_synonym_list_is_consistent():
    syn = topic_synonyms()
    assert set(syn["topic_id"]) <= set(topics()["topic_id"])
    assert not syn["keyword"].str.lower().duplicated().any(), "a keyword may point to one topic only"
    assert syn["topic_id"].nunique() == 16  # every real topic except technical assistance and "not specified"
