"""The entity sheet: names found, merged and compared across sources (invented sentences)."""

from __future__ import annotations

from newsread.core.entities import Entity, build_sheet
from newsread.core.model import Sentence


def _sheet(*pairs: tuple[str, str]) -> tuple[Entity, ...]:
    counters: dict[str, int] = {}
    sentences = []
    for article, text in pairs:
        index = counters.get(article, 0)
        counters[article] = index + 1
        sentences.append(Sentence(f"{article}.{index}", article, index, 0, len(text), text))
    order = {a: n for n, a in enumerate(dict.fromkeys(a for a, _ in pairs))}
    return build_sheet(sentences, order)


def _find(sheet: tuple[Entity, ...], spelling: str) -> Entity:
    (entity,) = [e for e in sheet if any(n.text == spelling for n in e.spellings)]
    return entity


def _spellings(entity: Entity) -> dict[str, tuple[str, ...]]:
    return {n.text: n.sources for n in entity.spellings}


def test_one_name_spelled_two_ways_is_one_entity_marked_as_differing() -> None:
    sheet = _sheet(
        ("s1", "North Korean leader Kim Jong-un said the tests would stop."),
        ("s1", "Kim spoke at a party meeting."),
        ("s2", "The dictator Kim Jong Un made the announcement on Friday."),
    )
    kim = _find(sheet, "Kim Jong Un")
    assert _spellings(kim) == {"Kim Jong-un": ("s1",), "Kim Jong Un": ("s2",), "Kim": ("s1",)}
    assert {n.text for n in kim.variants} == {"Kim Jong-un", "Kim Jong Un"}  # Kim shortens both
    assert kim.differs
    assert sheet[0] is kim  # differing entities come first
    assert {t.text: t.sources for t in kim.titles} == {
        "North Korean leader": ("s1",),
        "dictator": ("s2",),
    }


def test_mentions_point_at_the_name_in_its_sentence() -> None:
    pairs = (
        ("s1", "Officials in Tijuana said Alex Mensing's group arrived."),
        ("s2", "Alex Mensing, a project coordinator for the group, spoke in Tijuana."),
    )
    sheet = _sheet(*pairs)
    texts = {f"{a}.{n}": t for n, (a, t) in enumerate(pairs[:1])} | {"s2.0": pairs[1][1]}
    for entity in sheet:
        for mention in entity.mentions:
            written = texts[mention.sentence][mention.start : mention.end]
            assert written in {n.text for n in entity.spellings}
    mensing = _find(sheet, "Alex Mensing")
    assert [m.sentence for m in mensing.mentions] == ["s1.0", "s2.0"]  # possessive dropped
    assert [t.text for t in mensing.titles] == ["project coordinator for the group"]


def test_acronyms_join_the_name_they_spell_and_one_source_using_both_is_no_difference() -> None:
    sheet = _sheet(
        ("s1", "The European Union asked for a permanent exemption."),
        ("s1", "The EU said it would respond."),
        ("s2", "E.U. officials said they were ready."),
        ("s3", "The Associated Press reported the AP count on Monday."),
    )
    eu = _find(sheet, "EU")
    assert set(_spellings(eu)) == {"European Union", "EU", "E.U."}
    assert eu.name == "European Union"  # the name, not the acronym
    assert eu.differs
    ap = _find(sheet, "AP")
    assert set(_spellings(ap)) == {"Associated Press", "AP"}
    assert not ap.differs  # one source writes both


def test_a_middle_initial_joins_but_a_junior_is_another_person() -> None:
    sheet = _sheet(
        ("s1", "Chief Patrol Agent Rodney S. Scott said groups had entered."),
        ("s2", "In a statement, Chief Patrol Agent Rodney Scott said so."),
        ("s2", "Donald Trump Jr. met the lawyer, not Donald Trump."),
    )
    scott = _find(sheet, "Rodney Scott")
    assert set(_spellings(scott)) == {"Rodney S. Scott", "Rodney Scott"}
    assert scott.name == "Rodney S. Scott"
    assert [t.text for t in scott.titles] == ["Chief Patrol Agent"]
    assert _find(sheet, "Donald Trump Jr") is not _find(sheet, "Donald Trump")


def test_a_lone_surname_joins_only_an_unambiguous_full_name() -> None:
    sheet = _sheet(
        ("s1", "Kim Jong Un and his sister Kim Yo Jong arrived; Kim smiled."),
        ("s2", "Jeff Sessions spoke in San Diego, where Sessions met agents."),
        ("s2", "Many Central American migrants and American volunteers came."),
        ("s2", "They left Central America in March."),
    )
    assert _spellings(_find(sheet, "Kim")) == {"Kim": ("s1",)}  # two Kims: apart
    assert set(_spellings(_find(sheet, "Sessions"))) == {"Jeff Sessions", "Sessions"}
    assert _find(sheet, "American") is not _find(sheet, "Central American")


def test_a_spelling_that_changes_a_word_form_is_another_name() -> None:
    sheet = _sheet(
        ("s1", "The march was led by Pueblos Sin Fronteras in Central America."),
        ("s2", "Pueblo Sin Fronteras led the Central American march."),
    )
    pueblo = _find(sheet, "Pueblo Sin Fronteras")
    assert set(_spellings(pueblo)) == {"Pueblo Sin Fronteras", "Pueblos Sin Fronteras"}
    assert pueblo.differs
    assert _find(sheet, "Central America") is not _find(sheet, "Central American")


def test_titles_with_the_same_role_words_do_not_differ() -> None:
    same = _sheet(
        ("s1", "South Korean President Moon Jae-in will meet him."),
        ("s2", "President Moon Jae-in said the talks would go ahead."),
    )
    assert not _find(same, "Moon Jae-in").differs
    other = _sheet(
        ("s1", "Todd Leebow, president of Majestic Steel, said prices rose."),
        ("s2", "Todd Leebow, president and chief executive of Majestic Steel, agreed."),
    )
    leebow = _find(other, "Todd Leebow")
    assert leebow.differs
    assert {t.sources for t in leebow.titles} == {("s1",), ("s2",)}


def test_what_is_not_a_name() -> None:
    sheet = _sheet(
        ("s1", "Caravan Arrives At Border After Long Journey"),  # a headline
        ("s1", "Depending on the weather, the police said they would wait."),
        ("s2", "TIJUANA, Mexico — Prime Minister Theresa May spoke on Monday in Tijuana."),
        ("s2", "Donald Trump, campaign chair Paul Manafort and others met."),
    )
    names = {n.text for e in sheet for n in e.spellings}
    assert "Caravan Arrives" not in names and "Border" not in names
    assert "The" not in names and "Depending" not in names and "Monday" not in names
    assert "Theresa May" in names  # May the surname, not the month
    tijuana = _find(sheet, "Tijuana")
    assert not tijuana.variants  # a dateline's capitals are no spelling
    assert not _find(sheet, "Donald Trump").titles  # the appositive names someone else
    assert "Paul Manafort" in names


def test_names_of_one_country_and_a_country_branch_are_one_entity() -> None:
    """ISO 3166 names (pycountry): the DPRK is North Korea, the official "Republic of
    Korea" is South Korea but not North Korea; "Human Rights Watch Canada" is a branch
    of Human Rights Watch, "Oxfam Canada" of a one-word name is left apart; a name
    that merely contains a country's name ("United States Steel") stays apart."""
    sheet = _sheet(
        ("s1", "The DPRK said on Friday that it would close the site."),
        ("s2", "North Korea said the site would close."),
        ("s2", "Officials in the Republic of Korea welcomed the news."),
        ("s3", "South Korea sent an envoy; Human Rights Watch Canada and Oxfam Canada wrote."),
        ("s4", "Human Rights Watch and Oxfam said they were ready."),
        ("s4", "United States Steel said nothing."),
        ("s4", "The United States said it would wait."),
    )
    north = _find(sheet, "DPRK")
    assert _spellings(north) == {"DPRK": ("s1",), "North Korea": ("s2",)}
    assert north.differs
    south = _find(sheet, "South Korea")
    assert set(_spellings(south)) == {"Republic of Korea", "South Korea"}
    watch = _find(sheet, "Human Rights Watch")
    assert set(_spellings(watch)) == {"Human Rights Watch", "Human Rights Watch Canada"}
    assert set(_spellings(_find(sheet, "Oxfam"))) == {"Oxfam"}
    assert set(_spellings(_find(sheet, "United States Steel"))) == {"United States Steel"}


def test_english_country_names_iso_lacks_are_the_same_country() -> None:
    """Britain is the United Kingdom and Russia the Russian Federation
    (``COUNTRY_NAMES``); Great Britain too, while Northern Ireland stays apart."""
    sheet = _sheet(
        ("s1", "Trump will visit Britain in July, the White House said."),
        ("s2", "The U.K. visit was confirmed; Russia was not invited."),
        ("s3", "The Russian Federation said it did not care about Great Britain."),
        ("s3", "Northern Ireland was not on the itinerary."),
    )
    britain = _find(sheet, "Britain")
    assert set(_spellings(britain)) == {"Britain", "U.K.", "Great Britain"}
    assert britain.differs
    assert set(_spellings(_find(sheet, "Russia"))) == {"Russia", "Russian Federation"}
    assert set(_spellings(_find(sheet, "Northern Ireland"))) == {"Northern Ireland"}


def test_a_forename_and_its_nickname_are_one_person_spelled_two_ways() -> None:
    """Rick / Richard Gates and Rudy / Rudolph W. Giuliani are one person each, the
    sheet marks them as differing and the conflict check shows a spelling variant;
    Fred and Rick (both nicknames of Frederick, not of each other) stay apart."""
    from newsread.core.conflicts.sheet import same_name, sheet_conflicts

    pairs = (
        ("s1", "Campaign deputy Rick Gates met the lawyers, and Rudy Giuliani joined them."),
        ("s2", "Richard Gates met the lawyers with Rudolph W. Giuliani on Friday."),
        ("s3", "Fred Gates, a cousin, was not there."),
    )
    sheet = _sheet(*pairs)
    assert set(_spellings(_find(sheet, "Rick Gates"))) == {"Rick Gates", "Richard Gates"}
    assert set(_spellings(_find(sheet, "Rudy Giuliani"))) == {
        "Rudy Giuliani",
        "Rudolph W. Giuliani",
    }
    assert _find(sheet, "Rick Gates").differs
    assert set(_spellings(_find(sheet, "Fred Gates"))) == {"Fred Gates"}
    assert same_name("Rick Gates", "Richard Gates")
    assert not same_name("Fred Gates", "Rick Gates")
    sentences = [Sentence(f"{a}.0", a, 0, 0, len(t), t) for a, t in pairs]
    variants = {(c.a_value, c.b_value) for c in sheet_conflicts(sentences)}
    assert ("Rick Gates", "Richard Gates") in variants
    assert ("Rudy Giuliani", "Rudolph W. Giuliani") in variants


def test_countries_read_from_pycountrys_file_are_pycountrys() -> None:
    """The sheet reads ISO 3166 from pycountry's database file without importing the
    package; what it reads is what ``pycountry.countries`` gives."""
    import pycountry

    from newsread.core.entities import iso_3166

    assert iso_3166() == [dict(country._fields) for country in pycountry.countries]
    assert {"alpha_2": "BO", "name": "Bolivia, Plurinational State of"}.items() <= next(
        c for c in iso_3166() if c["alpha_2"] == "BO"
    ).items()


def test_a_role_in_a_named_body_written_before_a_name_is_its_title() -> None:
    """ "leader of the Pueblo Unido march Ana Ruiz said" gives Ruiz that title, as a
    comma-free role before the name; a role "for Mr. Ruiz" is another person's, and
    a committee's name running into a mention ("… Committee on Homeland Security")
    is no title, nor is a report of speech after a comma ("…, aides said")."""
    sheet = _sheet(
        ("s1", "“We will wait,” leader of the Pueblo Unido march Ana Ruiz said on Sunday."),
        ("s2", "The chairman of the Majestic Steel board Todd Leebow declined to comment."),
        ("s2", "A spokesman for Mr. Ruiz, Tom Hale, said the group would stay."),
        ("s3", "He is a member of the House Committee on Homeland Security, aides said."),
    )
    ruiz = _find(sheet, "Ana Ruiz")
    assert [t.text for t in ruiz.titles] == ["leader of the Pueblo Unido march"]
    assert [t.text for t in _find(sheet, "Todd Leebow").titles] == [
        "chairman of the Majestic Steel board"
    ]
    titles = [t.text for e in sheet for t in e.titles]
    assert not any(t.endswith(("Mr.", " on")) or "said" in t for t in titles), titles


def test_a_building_named_by_its_number_is_the_address_the_story_writes() -> None:
    """ "10 Downing Street" in one source and "a Number 10 spokesperson" in another name
    one building: the address keeps its number, and the number alone joins it (with
    "Downing Street"). Two numbers on one street are two buildings, and the street
    alone neither. A number the story writes in no address is no name."""
    sheet = _sheet(
        ("s1", "The visit was confirmed, 10 Downing Street said in a statement."),
        ("s2", "A Number 10 spokesperson said details would follow."),
        ("s2", "Downing Street declined to comment on the rumours."),
        ("s3", "A No. 10 official said the talks would be short."),
    )
    building = _find(sheet, "10 Downing Street")
    assert set(_spellings(building)) == {
        "10 Downing Street",
        "Number 10",
        "No. 10",
        "Downing Street",
    }
    assert building.differs
    (number,) = [m for m in building.mentions if m.sentence == "s2.0"]
    assert "A Number 10 spokesperson"[number.start : number.end] == "Number 10"
    two = _sheet(
        ("s1", "Aides at 10 Downing Street and 11 Downing Street met, Downing Street said."),
        ("s2", "A Number 11 spokesman said the Chancellor was busy."),
    )
    assert set(_spellings(_find(two, "11 Downing Street"))) == {"11 Downing Street", "Number 11"}
    assert set(_spellings(_find(two, "10 Downing Street"))) == {"10 Downing Street"}
    assert set(_spellings(_find(two, "Downing Street"))) == {"Downing Street"}
    other = _sheet(
        ("s1", "He wore the Number 9 shirt for Leeds, Downing Street said."),
        ("s2", "Downing Street said little."),
    )
    assert not [e for e in other if any(n.text == "Number 9" for n in e.spellings)]


def test_a_plural_title_before_a_list_of_names_is_no_part_of_the_first_name() -> None:
    """ "Councilmembers Teresa Maldonado, Greg Osei and Kim Tran" names Teresa Maldonado,
    as "Councilmember Teresa Maldonado" does: one spelling, not two."""
    sheet = _sheet(
        ("s1", "The no votes came from Councilmembers Teresa Maldonado, Greg Osei and Kim Tran."),
        ("s2", "Opponents, led by Councilmember Teresa Maldonado, argued against the tax."),
    )
    assert set(_spellings(_find(sheet, "Teresa Maldonado"))) == {"Teresa Maldonado"}


def test_a_company_with_and_without_its_designator_is_one_name_and_police_posts_are_titles() -> (
    None
):
    """ "Vantor Pharmaceuticals" and "Vantor" are one company (not "Calder Polymers" and
    "Calder" when the story also names an "Arthur Calder"); "Sheriff" and
    "Undersheriff" before a name are titles."""
    sheet = _sheet(
        ("s1", "Vantor Pharmaceuticals agreed to buy the firm, Sheriff Tom Brandt said."),
        ("s2", "Vantor will pay $48 a share, Undersheriff Tom Brandt said."),
        ("s1", "Calder Polymers was founded by the engineer Arthur Calder."),
        ("s2", "Calder said the plant would reopen."),
    )
    assert set(_spellings(_find(sheet, "Vantor"))) == {"Vantor", "Vantor Pharmaceuticals"}
    assert set(_spellings(_find(sheet, "Calder Polymers"))) == {"Calder Polymers"}
    titles = {t.text for t in _find(sheet, "Tom Brandt").titles}
    assert titles == {"Sheriff", "Undersheriff"}


def test_two_neighbouring_letters_swapped_is_one_name_spelled_two_ways() -> None:
    """ "Okonkow" is "Okonkwo" with two letters swapped: one person, marked as differing
    (not a word form, as "Democrats" / "Democratic" is)."""
    sheet = _sheet(
        ("s1", "Health director Miriam Okonkwo said the tower was shut."),
        ("s2", "Health director Miriam Okonkow said the danger was over."),
    )
    entity = _find(sheet, "Miriam Okonkwo")
    assert set(_spellings(entity)) == {"Miriam Okonkwo", "Miriam Okonkow"}
    assert entity.differs
