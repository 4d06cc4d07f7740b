/// What an example's comments say about its output, checked: a claim that does not hold fails
/// the run, so a README snippet cannot drift from what the library does.
enum Claims {
    static var failures: [String] = []
}

func expect(_ holds: Bool, _ claim: String, file: StaticString = #fileID, line: UInt = #line) {
    if !holds { Claims.failures.append("\(file):\(line): \(claim)") }
}
