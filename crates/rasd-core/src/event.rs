/// PLOVER's sixteen event types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventType {
    Agree,
    Consult,
    Support,
    Concede,
    Cooperate,
    Aid,
    Retreat,
    Request,
    Accuse,
    Reject,
    Threaten,
    Protest,
    Sanction,
    Mobilize,
    Coerce,
    Assault,
}

impl EventType {
    pub const ALL: [EventType; 16] = [
        EventType::Agree,
        EventType::Consult,
        EventType::Support,
        EventType::Concede,
        EventType::Cooperate,
        EventType::Aid,
        EventType::Retreat,
        EventType::Request,
        EventType::Accuse,
        EventType::Reject,
        EventType::Threaten,
        EventType::Protest,
        EventType::Sanction,
        EventType::Mobilize,
        EventType::Coerce,
        EventType::Assault,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Agree => "AGREE",
            EventType::Consult => "CONSULT",
            EventType::Support => "SUPPORT",
            EventType::Concede => "CONCEDE",
            EventType::Cooperate => "COOPERATE",
            EventType::Aid => "AID",
            EventType::Retreat => "RETREAT",
            EventType::Request => "REQUEST",
            EventType::Accuse => "ACCUSE",
            EventType::Reject => "REJECT",
            EventType::Threaten => "THREATEN",
            EventType::Protest => "PROTEST",
            EventType::Sanction => "SANCTION",
            EventType::Mobilize => "MOBILIZE",
            EventType::Coerce => "COERCE",
            EventType::Assault => "ASSAULT",
        }
    }

    /// Parses the uppercase PLOVER name (case-insensitive).
    pub fn parse(s: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|t| t.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// How the text commits to an event having happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Modality {
    /// Stated by the article in its own voice.
    #[default]
    Asserted,
    /// Attributed to a source (`وفق`, `بحسب`, `قال`, `أفاد`).
    Reported,
    /// Scheduled or intended, not yet happened.
    Future,
    /// Conditional or hypothetical.
    Hypothetical,
    /// Said not to have happened.
    Negated,
    /// Suggested with doubt (`ترجح مصادر`, `يعتقد`).
    Hedged,
}

impl Modality {
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Reported => "reported",
            Modality::Future => "future",
            Modality::Hypothetical => "hypothetical",
            Modality::Negated => "negated",
            Modality::Hedged => "hedged",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::EventType;

    #[test]
    fn names_round_trip() {
        for t in EventType::ALL {
            assert_eq!(EventType::parse(t.as_str()), Some(t));
            assert_eq!(EventType::parse(&t.as_str().to_lowercase()), Some(t));
        }
        assert_eq!(EventType::parse("MEET"), None);
    }
}
