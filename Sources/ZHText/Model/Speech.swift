/// The parts of an earnings-call transcript.
public enum Section: String, Codable, Sendable, CaseIterable {
    /// The news lead before the call content.
    case intro
    /// Prepared remarks (presentation), labelled or narrated.
    case remarks
    /// Questions and answers.
    case qa
}

/// How a paragraph relates to the person it is attributed to.
public enum SpeechMode: String, Codable, Sendable, CaseIterable {
    /// The speaker's own words: a labelled turn (`黄仁勋:…`) and the unlabelled paragraphs that
    /// continue it.
    case direct
    /// The writer reporting what a speaker said (`克雷斯指出…`, `在黄仁勋看来…`).
    case reported
    /// The writer's own text, about nobody in particular.
    case narrator
}

/// A person (or a generic party such as `分析师`) who speaks in a document.
public struct Speaker: Codable, Sendable, Equatable {
    /// The canonical name: from `speakers.tsv` when listed there, else the name as written.
    public var name: String
    /// `CEO`, `CFO`, `executive`, `IR`, `host`, `operator`, `analyst`, or nil when unknown.
    public var role: String?
    /// The company or firm the speaker belongs to, when known.
    public var organisation: String?
    /// The labels this speaker was introduced with in the document, as written (`问`, `黃仁勳`).
    public var labels: [String]

    /// A speaker called `name`, with the labels that name them in the text.
    public init(name: String, role: String? = nil, organisation: String? = nil, labels: [String] = []) {
        self.name = name
        self.role = role
        self.organisation = organisation
        self.labels = labels
    }
}

/// A turn: consecutive paragraphs of one speaker in one mode (narrator runs are turns too).
/// A speaker label always starts a new turn.
public struct Turn: Sendable, Equatable {
    /// The turn's index in the document (`Paragraph.turn`).
    public var index: Int
    /// The section the turn is in.
    public var section: Section
    /// Who speaks (the canonical name), nil when unknown.
    public var speaker: String?
    /// The speaker's role (`CEO`, `analyst`…), when known.
    public var role: String?
    /// Whether the turn is prepared remarks, a question or an answer.
    public var mode: SpeechMode
    /// The paragraphs of the turn (indices into `Document.paragraphs`, consecutive).
    public var paragraphs: ClosedRange<Int>
}

extension Document {
    /// The document's turns, from the paragraphs' `turn` fields (empty before the structure stage).
    public var turns: [Turn] {
        var result: [Turn] = []
        for (i, p) in paragraphs.enumerated() {
            guard let t = p.turn, let section = p.section, let mode = p.mode else { continue }
            if let last = result.last, last.index == t {
                result[result.count - 1].paragraphs = last.paragraphs.lowerBound...i
            } else {
                result.append(Turn(index: t, section: section, speaker: p.speaker, role: p.role, mode: mode, paragraphs: i...i))
            }
        }
        return result
    }

    /// The speaker named `name`, if the structure stage found one.
    public func speaker(named name: String) -> Speaker? { speakers.first { $0.name == name } }
}
