import Foundation

/// What the customer joins: the server and the code (nine digits) or the join link the
/// technician sent (`<server>/join/<code>`, typed, pasted or scanned from the join QR code).
struct JoinTarget: Equatable {
    let serverUrl: String
    let code: String

    /// The target of what the customer entered: a link carries its own server; a code
    /// (spaces and dashes ignored) goes to `defaultServer`. Nil for anything else.
    static func parse(_ entered: String, defaultServer: String) -> JoinTarget? {
        let text = entered.trimmingCharacters(in: .whitespacesAndNewlines)
        if let match = text.range(of: #"^https?://.+/join/[0-9]{9}/?$"#, options: .regularExpression),
           match == text.startIndex..<text.endIndex,
           let join = text.range(of: "/join/", options: .backwards) {
            return JoinTarget(serverUrl: String(text[..<join.lowerBound]), code: text)
        }
        let digits = text.filter { $0 != " " && $0 != "-" }
        guard digits.count == 9, digits.allSatisfy(\.isASCIIDigit) else { return nil }
        var server = defaultServer.trimmingCharacters(in: .whitespaces)
        while server.hasSuffix("/") { server.removeLast() }
        guard server.hasPrefix("https://") || server.hasPrefix("http://") else { return nil }
        return JoinTarget(serverUrl: server, code: digits)
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
