"""Event extraction: triggers from the lexicon, source and target from the parse.

For each token the lexicon knows, the rules below find who acts (subject,
`by`-phrase of a passive, possessor of a nominal trigger, subject of a light
verb) and on whom (object, the trigger's prepositions, the subject of an
accusation's complement), then settle the mode: negated, hypothetical and
conditional statements are not events; stated intentions become CAMEO's
intent codes (03x, 13x) when the lexicon gives one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .actors import GROUP_HEADS, LOCATIVE, PRONOUNS_PERSON, PRONOUNS_PLURAL, Mention
from .knowledge import Actor
from .lexicon import Lexicon, Trigger

HYPOTHETICAL_AUX = {"could", "might", "may", "would", "should", "must", "can", "ought"}
FUTURE_AUX = {"will", "shall"}
# Verbs whose infinitive complement states an intention, not a fact.
INTENT_VERBS = {"promise", "pledge", "vow", "offer", "agree", "plan", "intend", "seek", "want",
                "aim", "decide", "resolve", "undertake", "commit", "prepare", "hope", "wish",
                "expect", "propose", "volunteer"}
INTENT_ADJ = {"ready", "willing", "prepared", "determined", "eager", "keen", "set"}
THREAT_VERBS = {"threaten", "warn"}
HYPOTHETICAL_ADJ = {"likely", "unlikely", "possible", "able", "unable", "expected"}
# Verbs that ask for an act ("demanded that Moscow withdraw", "urged Tokyo to lift"): the
# asking is the event (CAMEO 02/10); the act asked for has not happened.
DIRECTIVE_VERBS = {"demand", "urge", "ask", "appeal", "press", "request", "implore", "exhort",
                   "beg", "call", "encourage", "invite", "petition", "plead"}
NEGATING_VERBS = {"fail", "refuse", "decline", "deny", "reject", "avoid", "stop", "cease"}
CONDITION_MARKS = {"if", "unless", "whether", "lest"}
CIRCUMSTANTIAL = {"during", "after", "before", "since", "amid", "amidst", "following", "despite",
                  "until", "throughout", "without"}
REPORTING = {"say", "declare", "insist", "reiterate", "announce", "state", "tell", "stress",
             "add", "write", "argue", "maintain", "assert", "affirm", "warn", "remind", "note"}
FIRST_PERSON = {"we", "us", "our", "i", "me", "my"}
# Labelling verbs: "referred to X as a relapse", "described X as a partner".
LABEL_VERBS = {"refer", "describe", "call", "brand", "label", "characterize", "characterise",
               "depict", "portray", "term", "dub", "denounce", "condemn", "hail", "praise",
               "regard", "see", "view"}
MEDIA_ROLES = {"MED"}
GENERIC_TARGET_PREPS = {"to", "against", "toward", "towards", "with"}
LIGHT_DEPS = {"dobj", "attr", "oprd", "nsubjpass", "acomp", "npadvmod"}
# Nouns naming a part of what follows "of": "part of its aid", "most of the sanctions".
PARTITIVES = {"part", "some", "all", "most", "half", "portion", "share", "bulk", "rest",
              "much", "many", "one", "parts"}
# Nouns for bodies that speak of themselves as "it" ("Iraq's government said it would").
INSTITUTIONS = {"government", "cabinet", "ministry", "army", "military", "parliament",
                "council", "court", "administration", "regime", "junta", "legislature",
                "senate", "assembly", "party", "navy", "police", "agency", "commission",
                "presidency", "office", "department", "leadership", "state", "country"}
# Administrative sanctions (CAMEO 172x, and their threats 132x) that a state imposes on
# its own people when the text names no one else.
DOMESTIC_CODES = {"172", "132"}
# Nouns that carry what their author says: "issued a statement condemning X".
SPEECH_NOUNS = {"statement", "declaration", "communique", "communiqué", "resolution", "letter",
                "message", "note", "memorandum", "report", "editorial", "commentary", "appeal",
                "speech", "address", "decree"}
# Verbs after which a text or proposal says nothing in anyone's name.
REJECTING_VERBS = {"veto", "reject", "block", "defeat", "shelve", "scrap", "withdraw",
                   "oppose", "kill", "sink"}
# Where something happened (actors.LOCATIVE) and where it went: "shelling into Gaza".
LOCATIVE_PREPS = LOCATIVE | {"into"}
MATERIAL_ROOTS = {"06", "07", "08", "15", "16", "17", "18", "19", "20"}


@dataclass(slots=True)
class RawEvent:
    sentence_index: int
    trigger: int  # token index
    code: str
    source: Actor
    target: Actor
    source_mention: Mention
    target_mention: Mention
    mode: str  # asserted | intent
    confidence: float
    speaker: Actor | None = None
    trigger_text: str = ""


class EventExtractor:
    def __init__(self, lexicon: Lexicon, polarity: dict[str, str],
                 roles: dict[str, tuple[str, bool]] | None = None) -> None:
        self.lexicon = lexicon
        self.polarity = polarity
        self.roles = roles or {}

    # -- per document ------------------------------------------------------------
    def extract(self, doc, mentions: list[Mention],  # noqa: ANN001 - spaCy Doc
                speaker_at: Callable[[int], Actor | None] = lambda _: None) -> list[RawEvent]:
        self.doc = doc
        self.speaker_at = speaker_at
        self.by_token: dict[int, Mention] = {}
        for m in mentions:
            for i in range(m.start, m.end):
                self.by_token[i] = m
        self.mentions = mentions
        events: list[RawEvent] = []
        for s_idx, sent in enumerate(doc.sents):
            consumed: set[int] = set()
            for tok in sent:
                events.extend(self._demand_clause(s_idx, tok))
                if tok.i in consumed:
                    continue
                if tok.pos_ == "VERB" and tok.dep_ == "amod":
                    continue  # a participle modifier ("the proposed development")
                if tok.pos_ == "NOUN" and tok.dep_ == "compound":
                    continue  # a noun modifying a noun ("riot police", "peace envoy")
                if tok.i in self.by_token and self.by_token[tok.i].kind in (
                        "name", "igo", "group", "metonym", "person"):
                    continue  # part of a name ("Asia-Pacific Economic Cooperation")
                if tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.dep_ == "dobj" \
                        and tok.head.lemma_.lower() not in SPEECH_NOUNS \
                        and self.lexicon.match(tok.head.head) is not None:
                    continue  # describes whom another act was done to ("dispersed
                    # demonstrators protesting the results"): background, not the news
                trig = self.lexicon.match(tok)
                if trig is not None and self._defers(tok, trig) and any(
                    c.dep_ == "xcomp" and any(g.dep_ == "neg" for g in c.children)
                    for c in tok.children
                ):
                    continue  # "vowed not to return": nothing promised is done
                if trig is not None and self._defers(tok, trig) and any(
                    c.dep_ in ("xcomp", "ccomp", "dobj", "prep", "acomp")
                    and self._governs_trigger(c) for c in tok.children
                ):
                    continue  # "promised to give aid": the aid row codes it, as intent
                if trig is None:
                    label = self._labelling(tok)
                    if label is None:
                        continue
                    trig = label
                if tok.pos_ in ("VERB", "AUX"):
                    consumed.update(c.i for c in tok.children if c.dep_ in ("dobj", "nsubjpass"))
                events.extend(self._event(s_idx, tok, trig))
        return _dedupe(events)

    def _defers(self, tok, trig: Trigger) -> bool:  # noqa: ANN001
        """Intention and threat words defer to the act they govern ("agreed to lift"),
        unless another actor is to do it ("wants Putin to attack": an appeal)."""
        lemma = self.lexicon.lemma(tok)
        if trig.complement == "target" and any(
                c.dep_ in ("ccomp", "xcomp") and _other_agent(c, tok) for c in tok.children):
            return False
        return (self.lexicon.is_intention(trig) or lemma in INTENT_VERBS
                or lemma in THREAT_VERBS or lemma in INTENT_ADJ)

    def _governs_trigger(self, tok, depth: int = 0) -> bool:  # noqa: ANN001
        if self.lexicon.match(tok) is not None:
            return True
        if depth >= 2:
            return False
        return any(self._governs_trigger(c, depth + 1) for c in tok.children
                   if c.dep_ in ("xcomp", "pobj", "dobj", "ccomp"))

    # -- modality --------------------------------------------------------------
    def _clause_verb(self, tok):  # noqa: ANN001, ANN202
        """The verb a nominal trigger belongs to ("expressed unhappiness" -> expressed)."""
        cur = tok
        for _ in range(6):
            if cur.pos_ in ("VERB", "AUX") or cur.head.i == cur.i:
                return cur
            cur = cur.head
        return cur

    def _mode(self, tok) -> str:  # noqa: ANN001
        """asserted | intent | conditional (a future act on a condition) | threat |
        refusal (a negated statement of what the actor will do) | drop."""
        if tok.pos_ in ("NOUN", "PROPN") and self._circumstantial(tok):
            return "drop"
        if tok.pos_ == "NOUN" and self._promised(tok):
            return "intent"  # "agreed to a ceasefire", "pledged aid"
        verb = self._clause_verb(tok)
        for node in {tok, verb}:
            for c in node.children:
                if c.dep_ == "neg":
                    return "refusal" if node.i == verb.i and self._stated_future(verb) \
                        else "drop"
                if c.dep_ == "det" and c.lower_ in ("no", "little", "without"):
                    return "drop"
        if verb.dep_ in ("relcl", "acl") and verb.head.dep_ in ("dobj", "nsubjpass") \
                and self.lexicon.lemma(verb.head.head) in REJECTING_VERBS:
            return "drop"  # "vetoed a draft resolution that condemned X": it condemns no one
        mode = "asserted"
        cur = verb
        for _ in range(5):
            aux = {c.lower_ for c in cur.children if c.dep_ in ("aux", "auxpass")}
            if "would" in aux and self._reported_in_past(cur):
                # "announced it would prohibit aid": the future of past reported speech,
                # a stated intention, not a hypothesis.
                aux = (aux - {"would"}) | {"will"}
            if aux & HYPOTHETICAL_AUX:
                return "drop"
            if aux & FUTURE_AUX:
                mode = "intent"
            if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in cur.children):
                return "drop"
            if cur.dep_ == "advcl" and any(c.lower_ in CONDITION_MARKS for c in cur.children):
                return "drop"
            to_inf = any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children)
            if cur.dep_ in ("xcomp", "ccomp", "advcl", "oprd") and cur.head.i != cur.i \
                    and self.lexicon.lemma(cur.head) in DIRECTIVE_VERBS:
                return "drop"
            if cur.dep_ in ("xcomp", "ccomp", "acl", "advcl", "relcl") and to_inf:
                gov = cur.head
                lemma = self.lexicon.lemma(gov)
                if cur.dep_ == "advcl" and gov.pos_ == "VERB" and lemma not in INTENT_VERBS \
                        and self._governs_trigger(gov, 1):
                    return "drop"  # a purpose ("staged rallies to demand"): the main act codes
                if lemma in THREAT_VERBS:
                    return "threat"
                if lemma in NEGATING_VERBS:
                    return "drop"
                if lemma in INTENT_VERBS and _other_agent(cur, gov):
                    return "drop"  # "wants Putin to attack": a wish about another's act
                if lemma in INTENT_VERBS or lemma in INTENT_ADJ:
                    mode = "intent"
                elif gov.pos_ in ("NOUN", "PROPN") and cur.dep_ == "acl":
                    return "drop"  # "efforts to remove X": not (yet) done
                elif lemma in HYPOTHETICAL_ADJ or gov.lemma_ in ("be", "seem", "appear"):
                    return "drop"
                elif gov.pos_ == "ADJ":
                    if lemma in HYPOTHETICAL_ADJ:
                        return "drop"
                    mode = "intent"
                cur = gov
                continue
            if cur.dep_ in ("conj", "acomp") and cur.head.i != cur.i:
                cur = cur.head  # "must be ready to": the copula carries the modal
                continue
            break
        if mode == "intent" and any(
                c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in CONDITION_MARKS
                                          for g in c.children) for c in verb.children):
            return "conditional"  # "will withdraw its force unless ...": a threat or offer
        return mode

    def _stated_future(self, verb) -> bool:  # noqa: ANN001
        """"will not release", "said it would not meet": the actor's own statement about
        what it is going to do (with a negation, a refusal: CAMEO 12), not a hypothesis."""
        aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if aux & FUTURE_AUX:
            return True
        return "would" in aux and self._reported_in_past(verb)

    def _reported_in_past(self, verb) -> bool:  # noqa: ANN001
        """Whether a clause is the complement of a past-tense reporting verb ("said",
        "announced", "told"), where "would" is the future seen from the past, and no
        condition ("if", "unless") makes it hypothetical, unless the actor states its own
        conditional intention ("they said they would meet him if ...": an offer)."""
        if verb.dep_ != "ccomp" or verb.head.i == verb.i:
            return False
        own = any(c.dep_ == "nsubj" and c.pos_ == "PRON" and c.lower_ in (
            "they", "it", "he", "she", "we", "i") for c in verb.children)
        if not own and any(c.dep_ == "advcl" and any(g.lower_ in CONDITION_MARKS
                                                     for g in c.children)
                           for c in verb.children):
            return False
        head = verb.head
        return head.tag_ == "VBD" and (self.lexicon.lemma(head) in REPORTING
                                       or self.lexicon.lemma(head) in ("tell", "promise"))

    def _promised(self, tok) -> bool:  # noqa: ANN001
        head = tok.head
        if tok.dep_ == "pobj" and head.lower_ in ("to", "on") and head.head.i != head.i:
            return self.lexicon.lemma(head.head) in ("agree", "commit", "consent")
        return tok.dep_ == "dobj" and self.lexicon.lemma(head) in (
            "promise", "pledge", "offer", "vow", "propose")

    @staticmethod
    def _circumstantial(tok) -> bool:  # noqa: ANN001
        """A noun inside "during/after/amid ..." sets the scene; it is not the news."""
        cur = tok
        for _ in range(3):
            if cur.dep_ != "pobj":
                return False
            prep = cur.head
            if prep.lower_ in CIRCUMSTANTIAL:
                return True
            if prep.lower_ != "of":
                return False
            cur = prep.head
        return False

    # -- actors ----------------------------------------------------------------
    def _mention_at(self, tok) -> Mention | None:  # noqa: ANN001
        return self.by_token.get(tok.i)

    def _resolve_pronoun(self, tok) -> list[Mention]:  # noqa: ANN001
        low = tok.lower_
        if low in FIRST_PERSON:
            actor = self.speaker_at(tok.i)
            if actor is not None:
                return [Mention(tok.i, tok.i + 1, tok.idx, tok.idx + len(tok), tok.text,
                                [actor], "pronoun")]
            return []
        want_person = low in PRONOUNS_PERSON
        want_plural = low in PRONOUNS_PLURAL or low == "it" or low == "its"
        if not (want_person or want_plural):
            return []
        earlier = [m for m in self.mentions if m.end <= tok.i]
        if want_person:
            people = [m for m in earlier if m.is_person]
            return people[-1:] if people and tok.i - people[-1].end < 120 else []
        # "they"/"their": the last coordinated pair or plural subject before.
        sent_start = tok.sent.start
        speaker = self._matrix_subject_tokens(tok)
        in_sentence = [m for m in earlier if m.start >= sent_start and not m.is_person
                       and m.kind != "place" and m.start not in speaker]
        if low in ("it", "its"):
            return in_sentence[-1:]
        return in_sentence[-2:] if len(in_sentence) >= 2 else in_sentence

    def _matrix_subject_tokens(self, tok) -> set[int]:  # noqa: ANN001
        """Tokens of the (personal) subject of the verb reporting the clause whose subject
        `tok` is: in "NATO's chief said it violated ...", "it" is not NATO."""
        clause = tok.head
        if tok.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ != "ccomp":
            return set()
        subjects = [c for c in clause.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if tok.lower_ in PRONOUNS_PLURAL and any(c.tag_ in ("NNS", "NNPS") for c in subjects):
            return set()  # "French farmers said they would ...": they are the farmers
        # "Japan said it had halted aid": it is Japan. Ask the knowledge base, not the
        # entity label: the fast name rules label any capitalised subject PERSON.
        if any((m := self._mention_at(c)) is not None and not m.is_person
               or m is None and c.ent_type_ != "PERSON" and c.pos_ == "PROPN"
               or m is None and c.lemma_.lower() in INSTITUTIONS  # "Iraq's government"
               for c in subjects):
            return set()
        return {t.i for c in subjects for t in c.subtree}

    def actors_of(self, tok, depth: int = 0) -> list[Mention]:  # noqa: ANN001
        """Mentions an NP headed by `tok` refers to (with its conjuncts)."""
        if depth > 4:
            return []
        found: list[Mention] = []
        m = self._mention_at(tok)
        if m is not None and (resident := self._ethnic_residents(tok, m)) is not None:
            found.append(resident)
        elif m is not None:
            found.append(m)
        elif tok.pos_ == "PRON" or tok.lower_ in ("which", "that", "who", "whom"):
            if tok.lower_ in ("which", "that", "who", "whom"):
                rel = tok
                while rel.dep_ not in ("relcl", "acl") and rel.head.i != rel.i:
                    rel = rel.head
                if rel.dep_ in ("relcl", "acl"):
                    found.extend(self.actors_of(rel.head, depth + 1))
                else:
                    found.extend(self._antecedent(tok, depth))
            else:
                found.extend(self._resolve_pronoun(tok))
        else:
            for c in tok.children:
                if c.dep_ in ("compound", "amod", "poss", "nmod", "appos"):
                    cm = self._mention_at(c)
                    if cm is not None:
                        # "US and British activists": coordinated modifiers; "six world
                        # powers - the United States, Britain ...": members of a group
                        got = [cm, *(x for g in c.conjuncts
                                     if (x := self._mention_at(g)) is not None)]
                        found.extend(map(_member, got) if c.dep_ == "appos" else got)
                    elif c.dep_ == "poss":
                        found.extend(self.actors_of(c, depth + 1))
                    elif c.dep_ == "amod" and c.lemma_.lower() in ("lead", "base"):
                        # "Vietnamese-led forces", "a Trinidad-based group" (not "-backed")
                        found.extend(x for g in c.children if g.i < c.i
                                     and (x := self._mention_at(g)) is not None)
                if c.dep_ == "prep" and c.lower_ in ("of", "by"):
                    for g in c.children:
                        if g.dep_ == "pobj":
                            # "supporters of Ben Bella" are of his state, not he
                            found.extend(self._headed(tok, self.actors_of(g, depth + 1),
                                                      people=True))
            if not found and tok.lemma_.lower() in SPEECH_NOUNS:
                found.extend(self._issued_by(tok))
            if not found:
                found.extend(self._located_group(tok) or self._contextual_group(tok))
        if not found or m is not None and m.is_person and not m.actors:
            # "Kenzo Oshima, the United Nations relief coordinator": the apposition
            # names the unknown person's organisation or state.
            for c in tok.children:
                if c.dep_ == "appos" and self._mention_at(c) is None \
                        and c.pos_ in ("NOUN", "PROPN"):
                    found.extend(x for x in self.actors_of(c, depth + 1) if not x.is_person)
                elif c.dep_ == "appos" and m is None:
                    # "six world powers - the United States, Britain, ... - ": members
                    found.extend(_member(x) for x in self.actors_of(c, depth + 1)
                                 if not x.is_person)
        # "six world powers - the United States, Britain ...": a list after a dash that
        # the parser coordinated with the noun naming the group.
        listed = m is None and tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].text in (
            "-", "\u2013", "\u2014", ":") and self.doc[tok.i + 1].head.i == tok.i
        for c in tok.children:
            if c.dep_ == "conj":
                # A list is one level deep, however long: the same depth for each item.
                got = self.actors_of(c, depth)
                found.extend(map(_member, got) if listed else got)
            elif c.dep_ == "appos" and m is not None and m.actors[0].kind == "state":
                # "The US, Russia, and Switzerland": a list parsed as apposition.
                cm = self._mention_at(c)
                if cm is not None and cm.actors[0].kind == "state":
                    found.extend(self.actors_of(c, depth + 1))
        return _unique_mentions(found)

    def _ethnic_residents(self, tok, m: Mention) -> Mention | None:  # noqa: ANN001
        """"ethnic Hungarians in Romania", "ethnic Albanians in south Serbia": a people
        named by descent but placed in another state are that state's citizens."""
        if not any(c.dep_ == "amod" and c.lower_ == "ethnic" for c in tok.children):
            return None
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "of", "from", "throughout", "across"):
                for g in c.children:
                    pm = self._mention_at(g) if g.dep_ == "pobj" else None
                    if pm is not None and len(pm.actors) == 1 and pm.actors[0].kind == "state" \
                            and pm.actors[0].primary not in {a.primary for a in m.actors}:
                        return self._role_mention(tok, pm.actors[0], "CVL", "located")
        return None

    def _role(self, tok) -> tuple[str, bool] | None:  # noqa: ANN001
        """The role a noun gives: its own ("rebels"), its phrase's ("opposition groups",
        "riot police"), or its modifier's when the noun itself is generic ("rebel leaders",
        "opposition groups")."""
        role = self.roles.get(tok.lower_) or self.roles.get(tok.lemma_.lower())
        if role is not None:
            return role
        if tok.lemma_.lower() not in GROUP_HEADS:
            return None  # "military action" is no actor
        mods = [c for c in tok.children if c.dep_ in ("compound", "amod") and c.i < tok.i]
        for c in mods:
            role = self.roles.get(f"{c.lower_} {tok.lower_}") or self.roles.get(c.lower_)
            if role is not None and c.pos_ in ("NOUN", "ADJ"):
                return role
        return None

    def _located_group(self, tok) -> list[Mention]:  # noqa: ANN001
        """"students throughout Indonesia", "opposition groups in Zimbabwe", "doctors from
        American aid groups": a role noun placed in (or coming from) a country is that
        country in that role."""
        role = self._role(tok)
        if role is None:
            return []
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "from", "throughout", "across", "inside"):
                for g in c.children:
                    if g.dep_ != "pobj":
                        continue
                    m = self._mention_at(g)
                    if m is None and g.pos_ == "NOUN":
                        # "from two American aid groups": the state that qualifies the noun.
                        m = next((self._mention_at(x) for x in g.children
                                  if x.dep_ in ("amod", "compound") and self._mention_at(x)),
                                 None)
                    if m is not None and len(m.actors) == 1 and m.actors[0].kind == "state":
                        return [self._role_mention(tok, m.actors[0], role[0], "located")]
        phrase = tok  # "thousands of people": the phrase the role noun ends
        while phrase.dep_ == "pobj" and phrase.head.lower_ == "of" and phrase.head.head.i != \
                phrase.head.i:
            phrase = phrase.head.head
        if phrase.dep_ == "nsubj" and _common_noun(tok):
            # "Students marched in Seoul": a role subject acting in a place is of its state.
            places = self._clause_places(phrase.head)
            if len(places) == 1 and len(places[0].actors) == 1:
                return [self._role_mention(tok, places[0].actors[0], role[0], "located")]
        return []

    def _issued_by(self, noun) -> list[Mention]:  # noqa: ANN001
        """"a report released by X", "a statement issued in Beijing": who issued a text,
        else the state of the place it was issued in (its government speaking)."""
        for c in noun.children:
            if c.dep_ != "acl" or c.tag_ != "VBN":
                continue
            for g in c.children:
                if g.dep_ == "agent":
                    return [m for p in g.children if p.dep_ == "pobj"
                            for m in self.actors_of(p)]
            for g in c.children:
                if g.dep_ == "prep" and g.lower_ in ("in", "from"):
                    for p in g.children:
                        if p.dep_ != "pobj":
                            continue
                        states = [m for m in [self._mention_at(p)] + [
                            self._mention_at(x) for x in p.children
                            if x.dep_ in ("amod", "compound")] if m is not None
                            and len(m.actors) == 1 and m.actors[0].kind == "state"]
                        if states:
                            return states[:1]
        head = noun.head
        if noun.dep_ in ("dobj", "nsubjpass") and head.pos_ == "VERB" \
                and self.lexicon.lemma(head) not in REJECTING_VERBS:
            # "the Council adopted a resolution that condemned X": who adopted it
            return [m for m in self._subject(head)[0] if not m.is_person or m.actors]
        return []

    @staticmethod
    def _role_mention(tok, actor: Actor, role: str, kind: str) -> Mention:  # noqa: ANN001
        return Mention(tok.i, tok.i + 1, tok.idx, tok.idx + len(tok), tok.text,
                       [_in_role(actor, role)], kind)

    def _contextual_group(self, tok) -> list[Mention]:  # noqa: ANN001
        """"the police", "rebels", "the government" with no country named: the one state
        the sentence (else the document) mentions, if there is exactly one."""
        role = self._role(tok)
        if role is None or role[0] in ("MED",) or not _common_noun(tok):
            return []
        sent = tok.sent
        for lo, hi in ((sent.start, sent.end), (0, len(self.doc))):
            states = {a.country: a for m in self.mentions if lo <= m.start < hi
                      for a in m.actors if a.kind in ("state", "person") and a.country}
            if len(states) == 1:
                return [self._role_mention(tok, next(iter(states.values())), role[0],
                                           "context")]
            if states:
                return []
        return []

    def _after_stranded(self, prep) -> list[Mention]:  # noqa: ANN001
        """A preposition the parser left without its object ("granted asylum to five
        Panamanian officers holed up ..."): the mentions of the noun phrase after it."""
        out = []
        for t in self.doc[prep.i + 1:min(prep.i + 7, prep.sent.end)]:
            if t.pos_ in ("VERB", "AUX", "PUNCT", "ADP", "SCONJ"):
                break
            m = self._mention_at(t)
            if m is not None and m not in out:
                out.append(m)
        return out

    def _antecedent(self, rel, depth: int) -> list[Mention]:  # noqa: ANN001
        """A relative pronoun the parser left unattached ("the Japanese-U.S. system -
        development of which is opposed by China"): the noun just before its phrase."""
        phrase = rel
        while phrase.head.i != phrase.i and phrase.dep_ in ("pobj", "prep"):
            phrase = phrase.head
        start = min(t.i for t in phrase.subtree)
        j = start - 1
        while j >= max(rel.sent.start, start - 3) and self.doc[j].is_punct:
            j -= 1
        if j >= rel.sent.start and self.doc[j].pos_ in ("NOUN", "PROPN"):
            return self.actors_of(self.doc[j], depth + 1)
        return []

    def _subtree_mentions(self, tok, limit: int = 40, near: bool = False  # noqa: ANN001
                          ) -> list[Mention]:
        """Mentions inside a phrase, not descending into clauses of their own. `near`:
        only those at most one level below the first that names anyone, so "a resolution
        censuring its sweep of the ambassador's home in Panama" is not Panama."""
        out: list[Mention] = []
        level = [tok]
        first_hit: int | None = None
        depth = 0
        while level and len(out) < limit:
            if near and first_hit is not None and depth > first_hit:
                break
            nxt = []
            named = False
            for cur in level:  # grows with conjuncts: "Sierra Leonean and Liberian" are peers
                m = self._mention_at(cur)
                # A noun's own modifiers name it at its level ("Liberian refugees").
                mods = [] if m is not None else [
                    c for c in cur.children if c.dep_ in ("amod", "compound")
                    and self._mention_at(c) is not None]
                if m is not None:
                    out.append(m)
                elif cur.lower_ in ("which", "that") or cur.pos_ == "PRON":
                    out.extend(self.actors_of(cur))  # "his commitment": likely the source
                out.extend(self._mention_at(x) for c in mods for x in (c, *c.conjuncts)
                           if self._mention_at(x) is not None)  # "Sudanese and Nigerien"
                named = named or m is not None or bool(mods)
                for c in cur.children:
                    if c.dep_ in ("relcl", "acl", "advcl", "ccomp", "punct", "appos",
                                  "parataxis") or c in mods:
                        continue
                    (level if c.dep_ == "conj" else nxt).append(c)
            if named and first_hit is None:
                first_hit = depth
            level = nxt
            depth += 1
        if not out:
            # "accused rebels of ...", "arrested opposition leaders": a role with no state;
            # the event's source supplies it (a domestic event), see _event.
            role = self._role(tok)
            if role is not None and _common_noun(tok) and role[0] not in ("MED",):
                out.append(Mention(tok.i, tok.i + 1, tok.idx, tok.idx + len(tok), tok.text, [],
                                   "role", role[0]))
        return _unique_mentions(sorted(out, key=lambda x: x.start))

    def _subject(self, verb) -> tuple[list[Mention], bool]:  # noqa: ANN001
        """(sources, passive) for a verb, climbing to the governing verb when it has none."""
        cur = verb
        for _ in range(4):
            passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in cur.children)
            if passive:
                for c in cur.children:
                    if c.dep_ == "agent":
                        for g in c.children:
                            if g.dep_ == "pobj":
                                return self.actors_of(g), True
                return [], True
            for c in cur.children:
                if c.dep_ in ("nsubj", "csubj", "expl"):
                    return self.actors_of(c), False
            if cur.dep_ in ("xcomp", "conj", "advcl", "acl", "pcomp", "acomp") \
                    and cur.head.i != cur.i:
                if cur.dep_ == "acl" and cur.head.lemma_.lower() in SPEECH_NOUNS \
                        and cur.head.head.i != cur.head.i and cur.head.dep_ in LIGHT_DEPS:
                    # "issued a statement condemning X": who issued it condemns.
                    cur = cur.head.head
                    continue
                if cur.dep_ == "acl" and cur.head.pos_ in ("NOUN", "PROPN"):
                    if cur.tag_ == "VBN":
                        return [], True  # "soldiers killed in Ukraine": the noun suffered it
                    return self.actors_of(cur.head), False
                cur = cur.head
                continue
            if cur.dep_ == "relcl":
                return self.actors_of(cur.head), False
            break
        return [], False

    def _sources(self, tok, trig: Trigger) -> tuple[list[Mention], list[Mention]]:  # noqa: ANN001
        """(sources, extra targets): a passive's subject becomes a target."""
        if tok.pos_ in ("VERB", "AUX"):
            sources, passive = self._subject(tok)
            extra: list[Mention] = []
            if passive:
                for c in tok.children:
                    if c.dep_ == "nsubjpass":
                        # "a camp for Congolese refugees was attacked": what the subject's
                        # phrase names, when the subject itself names nobody.
                        extra = self._headed(c, self.actors_of(c)) or [
                            m for m in self._subtree_mentions(c) if m.kind != "role"]
                if tok.dep_ == "acl" and tok.tag_ == "VBN":
                    extra = self.actors_of(tok.head)
                if not sources and trig.code[:2] in ("18", "19", "20"):
                    sources = self._instrument_actor(tok)
            return sources, extra
        # Nominal and adjectival triggers.
        for c in tok.children:
            if c.dep_ == "poss":
                found = self.actors_of(c)
                if found:
                    return found, []
        for c in tok.children:
            if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
                for g in c.children:
                    if g.dep_ == "pobj":
                        return self.actors_of(g), []
        mods = [self._mention_at(c) for c in tok.children if c.dep_ in ("amod", "compound", "nmod")]
        mods = [m for m in mods if m is not None]
        if mods:
            return mods, []
        if tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "amod"):
            head = tok.head
            if tok.dep_ == "amod":
                return self.actors_of(head), []
            return self._subject(head)[0], []
        verb = self._clause_verb(tok)
        if verb.i != tok.i and (tok.head.i == verb.i and tok.dep_ in LIGHT_DEPS
                                or tok.head.dep_ == "prep" and tok.head.head.i == verb.i
                                and (tok.head.lower_ in ("of", "over", "about", "with")
                                     or trig.governor)):
            # "Russia expressed unhappiness", "made clear their unhappiness over", "troops
            # remained on alert" (a governor the lexicon names): the subject of a light
            # verb; not "agreed ... in response to the invasion".
            return self._subject(verb)[0], []
        return [], []

    def _headed(self, head, mentions: list[Mention], people: bool = False  # noqa: ANN001
                ) -> list[Mention]:
        """"workers of a Tehran company", "the leaders of Serbia": a role noun heading the
        phrase gives its role to the state the phrase names (IRN workers, not IRN's
        government); with `people`, also to a person's state ("supporters of Ben Bella")."""
        role = self._role(head) if self._mention_at(head) is None and _common_noun(head) \
            else None
        if role is None or role[0] == "MED":
            return mentions
        kinds = ("state", "person") if people else ("state",)
        out = []
        for m in mentions:
            if len(m.actors) == 1 and m.actors[0].kind in kinds and m.actors[0].country:
                m = Mention(m.start, m.end, m.char_start, m.char_end, m.text,
                            [_in_role(m.actors[0], role[0])], m.kind, m.name)
            out.append(m)
        return out

    def _protest_purpose(self, tok) -> list[Mention]:  # noqa: ANN001
        """Whom a protest is against, from its purpose: a to-infinitive ("to protest
        against X", "to show their anger at X") or "in protest at/of X", "in defiance of X",
        "against X" on the protest's verb."""
        verb = tok if tok.pos_ in ("VERB", "AUX") else self._clause_verb(tok)
        found: list[Mention] = []
        for c in {*verb.children, *tok.children}:
            if c.dep_ == "advcl" and any(g.dep_ == "aux" and g.lower_ == "to"
                                         for g in c.children):
                for g in c.children:
                    if g.dep_ == "dobj":
                        found += [m for m in self._subtree_mentions(g, near=True)
                                  if m.kind != "role"]
                    elif g.dep_ == "prep" and g.lower_ in ("against", "at", "over", "to", "of"):
                        found += [m for p in g.children if p.dep_ == "pobj"
                                  for m in self._subtree_mentions(p, near=True)
                                  if m.kind != "role"]
            elif c.dep_ == "prep" and c.lower_ in ("in", "against"):
                for p in c.children:
                    if p.dep_ != "pobj":
                        continue
                    if c.lower_ == "against":
                        found += [m for m in self._subtree_mentions(p, near=True)
                                  if m.kind != "role"]
                    elif p.lemma_.lower() in ("protest", "defiance", "opposition", "response"):
                        found += [m for g in p.children if g.dep_ == "prep"
                                  for q in g.children if q.dep_ == "pobj"
                                  for m in self._subtree_mentions(q, near=True)
                                  if m.kind != "role"]
        return _unique_mentions(found)

    def _clause_places(self, tok) -> list[Mention]:  # noqa: ANN001
        """Places (kind "place") in the trigger's own clause, nearest first; not those of
        reported, relative or coordinated clauses."""
        found: list[Mention] = []
        stack = list(tok.children)
        while stack:
            t = stack.pop()
            if t.dep_ in ("ccomp", "relcl", "parataxis", "conj", "acl", "appos"):
                continue
            m = self._mention_at(t)
            if m is not None and m not in found and len(m.actors) == 1 \
                    and m.actors[0].kind == "state" and (m.kind == "place" or self._locative(t)):
                found.append(m)
            stack.extend(t.children)
        return sorted(found, key=lambda m: abs(m.start - tok.i))[:1]

    @staticmethod
    def _locative(tok) -> bool:  # noqa: ANN001
        """Whether a name is the place of a locative phrase ("in the east of the Gaza
        Strip", "in northern Iraq"), not a party."""
        cur = tok
        for _ in range(6):
            head = cur.head
            if head.i == cur.i:
                return False
            if cur.dep_ == "pobj" and head.lower_ in LOCATIVE_PREPS:
                return True
            if cur.dep_ not in ("compound", "pobj", "prep", "flat") or (
                    cur.dep_ == "prep" and cur.lower_ != "of"):
                return False
            cur = head
        return False

    def _instrument_actor(self, verb) -> list[Mention]:  # noqa: ANN001
        """"were killed in Israeli shelling", "wounded in a Russian air strike": a passive
        act of violence names its agent by the state qualifying the attack it happened in."""
        for c in verb.children:
            if c.dep_ != "prep" or c.lower_ not in ("in", "during"):
                continue
            for g in c.children:
                if g.dep_ != "pobj":
                    continue
                found = [m for x in g.children if x.dep_ in ("amod", "compound")
                         and (m := self._mention_at(x)) is not None
                         and m.kind in ("adjective", "name", "compound", "igo")]
                if found:
                    return found
        return []

    def _targets(self, tok, trig: Trigger) -> list[Mention]:  # noqa: ANN001
        found: list[Mention] = []
        wanted = set(trig.target) or {"dobj", "against", "with", "to", "toward", "towards", "on"}
        children = list(tok.children)
        for c in tok.children:
            if c.dep_ == "prt" and c.lower_ == "up" and "dobj" in wanted:
                # "kidnapped up to 16 Russian advisers": the parser takes "up to" for a
                # particle and preposition; the number's noun is the object.
                for g in c.children:
                    if g.dep_ == "prep" and g.lower_ == "to":
                        found.extend(m for p in g.children if p.dep_ == "pobj"
                                     for m in self._subtree_mentions(p, near=True))
        if tok.pos_ == "NOUN" and tok.dep_ == "dobj":
            # "opened investigations against X": the preposition may hang on the verb.
            children += [c for c in tok.head.children if c.dep_ == "prep"]
        for c in children:
            direct = c.dep_ == "dobj" and "dobj" in wanted
            dative = c.dep_ == "dative" and ("iobj" in wanted or "to" in wanted)
            if direct or dative:
                found.extend(self._headed(c, self._subtree_mentions(c, near=True)))
            if c.dep_ == "dobj" or c.dep_ == "nsubjpass" and "dobj" not in wanted:
                # "signed an agreement with X", "held talks with X", "evidence against X
                # was presented": the object's own preposition names the other party;
                # through a part ("suspended part of its aid program for Bosnia").
                part = [p for g in c.children if c.lemma_.lower() in PARTITIVES
                        and g.dep_ == "prep" and g.lower_ == "of"
                        for p in g.children if p.dep_ == "pobj"]
                objs = [c, *c.conjuncts, *part]
                for o in objs:
                    for g in o.children:
                        if g.dep_ == "prep" and g.lower_ in wanted | {"with", "between"}:
                            for p in g.children:
                                if p.dep_ == "pobj":
                                    found.extend(self._subtree_mentions(p, near=True))
            elif c.dep_ == "prep" and c.lower_ in wanted:
                for g in c.children:
                    if g.dep_ == "pobj":
                        # A label applies to the phrase itself, not to what it mentions
                        # ("referred to NATO's campaign against Yugoslavia as ...").
                        found.extend(self.actors_of(g) if trig.note == "labelling"
                                     else self._headed(g, self._subtree_mentions(g, near=True)))
                if not any(g.dep_ == "pobj" for g in c.children):
                    found.extend(self._after_stranded(c))
            elif c.dep_ == "poss" and "poss" in wanted:
                found.extend(self.actors_of(c))
        if not found:
            for c in tok.children:
                if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX"):
                    # "refused to allow UN planes", "vowed to punish Israel": the act
                    # the trigger governs names the other party; its preposition before
                    # its object ("ready to contribute troops to a force in Liberia").
                    objects: list[Mention] = []
                    for g in c.children:
                        if g.dep_ in ("dobj", "dative"):
                            objects.extend(self._subtree_mentions(g, near=True))
                        elif g.dep_ == "prep" and g.lower_ in ("against", "to", "on", "with"):
                            for p in g.children:
                                if p.dep_ == "pobj":
                                    found.extend(self._subtree_mentions(p, near=True))
                    if not found or any(m.kind != "role" for m in objects):
                        found.extend(objects)
        if not found and tok.pos_ == "VERB":
            # "donated and delivered goods to X", "condemned and denounced X": coordinated
            # verbs share the party named after the last of them.
            for c in tok.children:
                if c.dep_ == "conj" and c.pos_ == "VERB" and not any(
                        g.dep_ in ("nsubj", "nsubjpass") for g in c.children):
                    for g in c.children:
                        if g.dep_ == "dobj" and "dobj" in wanted:
                            found.extend(self._subtree_mentions(g, near=True))
                        elif g.dep_ == "prep" and g.lower_ in wanted:
                            found.extend(m for p in g.children if p.dep_ == "pobj"
                                         for m in self._subtree_mentions(p, near=True))
        if not found and trig.target:
            # The lexicon's slots are empty: the usual ones of the other party
            # ("lifted embargoes on sales to Iran").
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in GENERIC_TARGET_PREPS - wanted:
                    for g in c.children:
                        if g.dep_ == "pobj":
                            found.extend(self._subtree_mentions(g))
        if not found and (trig.code[:2] in MATERIAL_ROOTS or trig.code[:2] == "14"):
            # Material acts name their target by place: "troops arrived in Bosnia",
            # "strengthened its forces in Lebanon", "shelled positions in Kabul".
            holders = [tok, *[c for c in tok.children if c.dep_ == "dobj"]]
            if tok.pos_ == "NOUN" and tok.dep_ == "dobj":
                holders.append(tok.head)  # "staged a protest in Beijing"
            for c in holders:
                for g in c.children:
                    if g.dep_ == "prep" and g.lower_ in ("in", "into", "inside", "on", "at"):
                        for p in g.children:
                            if p.dep_ == "pobj":
                                found.extend(self._subtree_mentions(p))
        if trig.complement == "target":
            for c in tok.children:
                if c.dep_ == "ccomp":
                    subj = [g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
                    for s in subj:
                        found.extend(self.actors_of(s) or self._subtree_mentions(s))
        return _unique_mentions(found)

    # -- demands in reported speech ("declared that China must drop barriers") --
    def _demand_clause(self, s_idx: int, tok) -> list[RawEvent]:  # noqa: ANN001
        if tok.dep_ != "ccomp" or tok.pos_ not in ("VERB", "AUX"):
            return []
        aux = {c.lower_ for c in tok.children if c.dep_ == "aux"}
        if not aux & {"must", "should"} or any(c.dep_ == "neg" for c in tok.children):
            return []
        gov = tok.head
        if gov.lemma_.lower() not in REPORTING or self._mode(gov) == "drop":
            return []
        sources = [m for m in self._subject(gov)[0] if not _is_media(m)]
        targets = [m for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")
                   for m in self.actors_of(c) if not _is_media(m)
                   and (m.start <= c.i < m.end or c.pos_ == "PRON")]  # not "Georgia's rights"
        trig = Trigger(gov.lemma_.lower(), "VERB", frozenset(), frozenset(), (), "100", None,
                       False, "", "demand clause")
        out = []
        for s in sources:
            for t in targets:
                for sa in s.actors:
                    for ta in t.actors:
                        if sa.code != ta.code:
                            out.append(RawEvent(s_idx, gov.i, trig.code, sa, ta, s, t,
                                                "asserted", 0.7, self.speaker_at(gov.i),
                                                gov.text))
        return out

    # -- labelling ("referred to X as a relapse") -------------------------------
    def _labelling(self, tok) -> Trigger | None:  # noqa: ANN001
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in LABEL_VERBS:
            return None
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "as" or c.dep_ == "oprd":
                head = next((g for g in c.children if g.dep_ == "pobj"), c)
                pol = self.polarity.get(head.lemma_.lower())
                if pol is None:
                    continue
                code = "111" if pol == "neg" else "051"
                targets = "dobj|to" if tok.lemma_.lower() == "refer" else "dobj"
                return Trigger(tok.lemma_.lower(), "VERB", frozenset(), frozenset(),
                               tuple(targets.split("|")), code, None, False, "", "labelling")
        return None

    # -- assembling ------------------------------------------------------------
    def _event(self, s_idx: int, tok, trig: Trigger) -> list[RawEvent]:  # noqa: ANN001
        if trig.complement == "content":
            return []  # "said", "announced": the reported clause carries the event
        if trig.complement == "target" and self.lexicon.lemma(tok) in INTENT_VERBS and not any(
                c.dep_ in ("ccomp", "xcomp") and _other_agent(c, tok) for c in tok.children):
            return []  # "wants to re-examine": one's own wish, not an appeal to anyone
        mode = self._mode(tok)
        if mode == "drop":
            return []
        code = trig.code
        if mode == "intent":
            if trig.intent:
                code = trig.intent
            elif code[:2] not in ("03", "13"):
                return []  # an intention to do something the lexicon has no intent code for
        elif mode == "conditional":
            # A future act on a condition: a conflictual one (or pulling out) threatens
            # (13x), a cooperative one offers (03x), as CAMEO's threaten/intend codes do.
            if code[:2] >= "09" or code.startswith("087"):
                code = trig.intent if trig.intent and trig.intent.startswith("13") else "130"
            elif trig.intent:
                code = trig.intent
            elif code[:2] not in ("03", "13"):
                return []
        elif mode == "refusal":
            # "will not release the prisoners", "said it would not provide aid": refusing
            # a cooperative act is CAMEO's reject (12x); refusing a hostile one is no event.
            code = _refusal_code(code)
            if code is None:
                return []
            mode = "asserted"  # the refusal itself is what was said and done
        elif mode == "threat":
            # "threatened to impose sanctions": the threat of that act (13x).
            code = trig.intent if trig.intent and trig.intent.startswith("13") else "130"
        if trig.complement == "source" and tok.pos_ == "VERB":
            # "received weapons from the government": the giver follows "from", the
            # receiver is the subject.
            holders = [tok, *[c for c in tok.children if c.dep_ == "dobj"]]
            sources = [m for h in holders for c in h.children
                       if c.dep_ == "prep" and c.lower_ == "from"
                       for p in c.children if p.dep_ == "pobj"
                       for m in self._subtree_mentions(p, near=True)]
            extra = self._subject(tok)[0]
            if not extra:
                return []
        else:
            sources, extra = self._sources(tok, trig)
        sources = [m for m in sources if not _is_media(m)]
        if not sources:
            return []
        targets = (self._targets(tok, trig) if trig.complement != "source" else []) + extra
        targets = [m for m in targets if not _is_media(m)
                   and m not in sources]
        if not targets and code[:2] in MATERIAL_ROOTS:
            # "were killed in Israeli shelling in the Gaza Strip": no party is named but
            # the place the act struck, which stands for its state (PLOVER's convention).
            where = tok if tok.pos_ in ("VERB", "AUX") else self._clause_verb(tok)
            targets = [m for m in self._clause_places(where) if m not in sources]
        if code[:2] in ("17", "18", "19", "20") and any(
                t.kind == "group" and t.actors and not any(a.country for a in t.actors)
                for t in targets):
            # "an air strike against an Islamic State target southwest of Baghdad": force
            # used on a group with no state of its own is used in the state it is in
            # (ICEWS's "Militant (Iraq)"; PLOVER codes the place).
            targets += [m for m in self._subtree_mentions(tok) if m not in targets
                        and m not in sources and len(m.actors) == 1
                        and m.actors[0].kind == "state" and m.actors[0].country
                        and (m.kind in ("place", "capital") or self._locative(
                            self.doc[m.end - 1]))][:1]
        if trig.symmetric and len(sources) > 1:
            # "Russia and China signed a treaty in Moscow": the parties act on each other;
            # the place is where.
            targets = [t for t in targets if t.kind != "place"
                       and not self._locative(self.doc[t.end - 1])]
        src_states = {a.primary for s in sources for a in s.actors}
        home = [t for t in targets if (t.kind == "place" or self._locative(self.doc[t.end - 1]))
                and {a.primary for a in t.actors} <= src_states]
        if home and (len(home) < len(targets) or code[:2] == "14"):
            # A place in the actor's own state is where it acted, not on whom: "Kurds
            # demonstrated in Kirkuk" protests to their government (below); but "rebels
            # shelled Juba" has no other target and stays a domestic event.
            targets = [t for t in targets if t not in home]
        # One compound mention as the source ("joint Russian-Chinese efforts", "Russian-U.S.
        # talks") is a dyad: each side acts on the other.
        pairs: list[tuple[Mention, Actor, Mention, Actor]] = []
        for s in sources:
            for t in targets:
                if t.kind == "role":
                    # A bare role placed by the sentence ("killed 12 people in Gaza") is of
                    # that place's state; else ("rebels") of the source's: a domestic event.
                    place = self._placed_state(tok, t)
                    if place is not None and any(sa.primary != place.primary
                                                 for sa in s.actors):
                        ta = _in_role(place, t.name, named=False)
                        pairs.extend((s, sa, t, ta) for sa in s.actors
                                     if sa.primary != place.primary)
                        continue
                    for sa in s.actors:
                        if sa.country and t.name != sa.role:
                            pairs.append((s, sa, t, _in_role(sa, t.name, named=False)))
                    continue
                for sa in s.actors:
                    for ta in t.actors:
                        if sa.primary != ta.primary or (sa.role != ta.role and s is not t):
                            pairs.append((s, sa, t, ta))
        if not targets:
            compound = [s for s in sources if len(s.actors) > 1]
            for s in compound:
                for sa in s.actors:
                    for ta in s.actors:
                        if sa.primary != ta.primary:
                            pairs.append((s, sa, s, ta))
            if trig.symmetric and len(sources) > 1 and not compound:
                for s in sources:
                    for t in sources:
                        # Members of one named group ("six world powers - the US, ...,
                        # China - reached an agreement with Iran") act with, not on, each
                        # other.
                        if s is not t and not (s.kind == t.kind == "member"):
                            for sa in s.actors:
                                for ta in t.actors:
                                    if sa.primary != ta.primary:
                                        pairs.append((s, sa, t, ta))
            if not pairs and (trig.symmetric or self._dyadic_subject(tok)):
                pairs.extend(self._discourse_partner(tok, sources))
            if not pairs and code[:3] in DOMESTIC_CODES:
                # Martial law, a curfew, a state of emergency, with no one named: imposed
                # (or threatened) on the source's own people.
                for s in sources:
                    for sa in s.actors:
                        if sa.country and sa.kind == "state":
                            pairs.append((s, sa, s, _in_role(sa, "CVL")))
            if not pairs and code[:2] == "14":
                # A protest's purpose names whom it is against ("blocked roads to protest
                # against the EU's policy", "in defiance of Chinese authorities").
                against = [m for m in self._protest_purpose(tok) if m not in sources]
                for s in sources:
                    for sa in s.actors:
                        for t in against:
                            for ta in t.actors:
                                if sa.primary != ta.primary or sa.role != ta.role and \
                                        s.kind != "context":
                                    pairs.append((s, sa, t, ta))
            if not pairs and code[:2] == "14":
                # A protest names no target: CAMEO codes it against the protesters'
                # own government.
                for s in sources:
                    for sa in s.actors:
                        if sa.country and sa.role != "GOV":
                            pairs.append((s, sa, s, _in_role(sa, "GOV")))
        events = []
        speaker = self.speaker_at(tok.i)
        for s, sa, t, ta in pairs:
            if sa.code == ta.code and s is not t and sa.kind == ta.kind:
                continue
            if s.kind == "context" and t.kind not in ("context", "located", "role", "place") and \
                    sa.primary == ta.primary:
                continue  # the state we guessed for the source is the target itself
            conf = 0.9 if mode == "asserted" else 0.7
            if trig.note == "labelling":
                conf = 0.6
            events.append(RawEvent(s_idx, tok.i, code, sa, ta, s, t, mode, conf, speaker,
                                   tok.text))
        return events

    def _placed_state(self, tok, target: Mention) -> Actor | None:  # noqa: ANN001
        """The one state a locative phrase on the trigger or on a role target names."""
        holders = [tok, self.doc[target.start]]
        # The target's own phrase, down to its participle ("refugees fleeing the war in
        # Liberia", "the mayor of the West Bank city of Nablus").
        stack = [(c, 1) for c in self.doc[target.start].children]
        while stack:
            t, depth = stack.pop()
            if t.dep_ in ("relcl", "ccomp", "advcl", "parataxis", "appos") or depth > 4:
                continue
            holders.append(t)
            stack.extend((c, depth + 1) for c in t.children)
        for h in holders:
            for c in h.children:
                if c.dep_ != "prep" or c.lower_ not in ("in", "inside", "across", "throughout",
                                                        "of", "from"):
                    continue
                if c.lower_ in ("of", "from") and h.i == tok.i:
                    continue  # "the killing of civilians": of names the victims, not a place
                for g in c.children:
                    m = self._mention_at(g) if g.dep_ == "pobj" else None
                    if m is None and g.dep_ == "pobj":
                        m = next((self._mention_at(x) for x in g.children if x.dep_ == "compound"
                                  and self._mention_at(x) is not None
                                  and self._mention_at(x).kind == "place"), None)
                    if m is not None and len(m.actors) == 1 and m.actors[0].kind == "state":
                        return m.actors[0]
        return None

    def _dyadic_subject(self, tok) -> bool:  # noqa: ANN001
        """"We disagree", "the two sides clashed", "both countries": the subject names
        the two parties of a dyad introduced earlier."""
        verb = self._clause_verb(tok)
        for c in verb.children:
            if c.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if c.lower_ in ("we", "us"):
                return True
            if c.lemma_.lower() in ("side", "country", "nation", "government", "party") and any(
                g.lower_ in ("two", "both") for g in c.children
            ):
                return True
        return False

    def _discourse_partner(self, tok, sources: list[Mention]):  # noqa: ANN001, ANN202
        """"We disagree", "the two sides clashed": the other party of the dyad the text
        introduced before, in this paragraph ("Russian-U.S. relations")."""
        src = {a.primary for m in sources for a in m.actors}
        for m in reversed([m for m in self.mentions if m.end <= tok.i]):
            if len(m.actors) > 1 and src & {a.primary for a in m.actors}:
                others = [a for a in m.actors if a.primary not in src]
                return [(s, sa, m, ta) for s in sources for sa in s.actors for ta in others]
            if "\n\n" in self.doc[m.end:tok.i].text:
                break
        return []


# CAMEO's reject codes for refusing a cooperative act, by the act's code (longest prefix).
REFUSALS = {"04": "125", "0431": "125", "045": "126", "046": "125", "05": "120", "057": "127",
            "06": "121", "061": "1211", "062": "1212", "063": "1213", "07": "122",
            "071": "1221", "072": "1222", "073": "1223", "074": "1224", "08": "124",
            "081": "1234", "082": "1242", "083": "1233", "084": "1243", "085": "1244",
            "086": "1245", "087": "1246"}


def _refusal_code(code: str) -> str | None:
    for n in (4, 3, 2):
        if code[:n] in REFUSALS:
            return REFUSALS[code[:n]]
    return None


def _other_agent(clause, gov) -> bool:  # noqa: ANN001
    """Whether an infinitive under an intention verb has its own agent, named apart from
    the verb's subject ("wants Putin to attack", "expects Iran to agree")."""
    own = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    own += [c for c in gov.children if c.dep_ in ("dobj", "dative") and c.i < clause.i]
    return any(c.pos_ != "PRON" or c.lower_ not in ("it", "they", "he", "she", "we", "i")
               for c in own)


def _in_role(actor: Actor, role: str, named: bool = True) -> Actor:
    """A state actor (or a person's state) in a role: RUS + MIL -> RUSMIL."""
    return Actor(f"{actor.country or actor.primary}{role}", actor.primary, actor.country, role,
                 actor.name if named else None, "state")


def _member(m: Mention) -> Mention:
    """The same mention, as a member of a group named before it (kind "member")."""
    return Mention(m.start, m.end, m.char_start, m.char_end, m.text, m.actors, "member", m.name)


def _common_noun(tok) -> bool:  # noqa: ANN001
    """A common noun, also where the tagger took it for a name: capitalised at the start
    of a sentence ("Rebels shelled ...") or in lower case ("the president")."""
    return tok.pos_ == "NOUN" or tok.pos_ == "PROPN" and (tok.is_lower or tok.is_sent_start)


def _is_media(m: Mention) -> bool:
    return bool(m.actors) and all(a.role in MEDIA_ROLES for a in m.actors)


def _unique_mentions(ms: Iterable[Mention]) -> list[Mention]:
    seen: set[tuple[int, int]] = set()
    out = []
    for m in ms:
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            out.append(m)
    return out


def _dedupe(events: list[RawEvent]) -> list[RawEvent]:
    seen: set[tuple[int, int, str, str, str]] = set()
    out = []
    for e in events:
        key = (e.sentence_index, e.trigger, e.code, e.source.code, e.target.code)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
