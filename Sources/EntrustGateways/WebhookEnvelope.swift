import EntrustCore
import Foundation

/// The JSON payload of an entrust webhook: `{"type":…,"timestamp":…,"data":{…}}`.
///
/// Keys always come in that order and `data` is encoded with sorted keys, so the same event
/// always produces the same bytes: the body is built once when the message is enqueued and
/// every retry sends (and signs) exactly the same bytes.
public enum WebhookEnvelope {
    /// Builds the envelope around a value encoded with sorted keys and ISO 8601 dates.
    /// - Parameters:
    ///   - type: event type, e.g. `obligation.due`.
    ///   - timestamp: when the event happened (not when it is sent).
    ///   - data: the event's object.
    public static func encode(type: String, timestamp: Date, data: some Encodable) throws(GatewayError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let dataJSON: Data
        do {
            dataJSON = try encoder.encode(data)
        } catch {
            throw .encodingFailed(reason: String(describing: error))
        }
        return encode(type: type, timestamp: timestamp, dataJSON: Array(dataJSON))
    }

    /// Builds the envelope around `data` that is already JSON; the bytes are used as they are.
    public static func encode(type: String, timestamp: Date, dataJSON: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(dataJSON.count + type.utf8.count + 64)
        out += Array("{\"type\":".utf8)
        out += Array(JSONText.quoted(type).utf8)
        out += Array(",\"timestamp\":".utf8)
        out += Array(JSONText.quoted(iso8601UTC(timestamp)).utf8)
        out += Array(",\"data\":".utf8)
        out += dataJSON
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// `2024-03-15T01:00:00Z`: instants are UTC; whole seconds are enough for an event time.
    static func iso8601UTC(_ instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let date = LocalDate(dayNumber: days)
        let second = seconds - days * 86_400
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", date.year, date.month, date.day, second / 3600, second % 3600 / 60, second % 60)
    }
}
