import Foundation

/// A value computed on another thread; `value` waits for it. (The export's side tables, and
/// a compiled lexicon's digest beside the check of its trie.)
final class Background<Value> {
    private let done = DispatchSemaphore(value: 0)
    private var result: Value?

    init(_ make: @escaping () -> Value) {
        DispatchQueue.global().async {
            self.result = make()
            self.done.signal()
        }
    }

    var value: Value {
        done.wait()
        done.signal()
        return result!
    }
}
