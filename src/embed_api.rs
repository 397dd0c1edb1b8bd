//! The embedding API's messages (issue 16): what a page that embeds the playground in an
//! iframe may send it (`Command`) and what it hears back (`Event`), as JSON objects in one
//! envelope `{"source":"descent","v":1,"type":…}`. Pure: the page (`app::embed`) posts and
//! listens; the parsing and the wording are tested natively here.

use serde::{Deserialize, Serialize};

/// The envelope's `source` and version.
pub const SOURCE: &str = "descent";
pub const VERSION: u32 = 1;

/// Host page → playground.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Command {
    Play,
    Pause,
    Step,
    Reset,
    /// Sets one setting by its URL key, through the URL's validation (a bad value gets the
    /// same notice as in a link). `value` may be a string, a number or a boolean.
    Set { key: String, value: serde_json::Value },
    /// Asks for a `state-changed` event with the current hash.
    GetState,
}

/// Playground → host page.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Event {
    /// The worker has loaded: commands now take effect.
    Ready,
    /// At most four a second while training: the last epoch's figures (`test_acc` null for
    /// regression).
    Progress { epoch: usize, train_loss: f32, test_loss: f32, test_acc: Option<f32> },
    /// A loss became NaN or infinite; training paused.
    Diverged { epoch: usize },
    /// The settings changed (or `get-state` asked): the URL hash without `#`, and whether
    /// training is running.
    StateChanged { hash: String, running: bool },
    /// The content's height in CSS pixels, so the host can size the iframe.
    Resize { height: f64 },
}

/// A command from a message's JSON, or `None` for anything else (not an object, another
/// source or version, an unknown type, a malformed field): such messages are ignored.
pub fn parse(json: &str) -> Option<Command> {
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    let o = v.as_object()?;
    if o.get("source")?.as_str()? != SOURCE || o.get("v")?.as_u64()? != VERSION as u64 {
        return None;
    }
    serde_json::from_value(v).ok()
}

/// A `set` command's value as the URL writes it: strings as they are, numbers in Rust's
/// shortest form, booleans as 1/0; `None` for arrays, objects and null.
pub fn value_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(if *b { "1" } else { "0" }.into()),
        _ => None,
    }
}

/// An event as the JSON the host receives.
pub fn event_json(e: &Event) -> String {
    #[derive(Serialize)]
    struct Envelope<'a> {
        source: &'static str,
        v: u32,
        #[serde(flatten)]
        event: &'a Event,
    }
    serde_json::to_string(&Envelope { source: SOURCE, v: VERSION, event: e }).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_in_their_envelope() {
        assert_eq!(parse(r#"{"source":"descent","v":1,"type":"play"}"#), Some(Command::Play));
        assert_eq!(parse(r#"{"source":"descent","v":1,"type":"get-state"}"#), Some(Command::GetState));
        assert_eq!(
            parse(r#"{"source":"descent","v":1,"type":"set","key":"lr","value":"0.1"}"#),
            Some(Command::Set { key: "lr".into(), value: serde_json::json!("0.1") })
        );
        assert_eq!(value_text(&serde_json::json!(0.1)).as_deref(), Some("0.1"));
        assert_eq!(value_text(&serde_json::json!(true)).as_deref(), Some("1"));
        assert_eq!(value_text(&serde_json::json!([1])), None);
    }

    #[test]
    fn anything_else_is_ignored() {
        for bad in [
            "",
            "play",
            "null",
            "[]",
            r#""{\"source\":\"descent\"}""#,
            r#"{"type":"play"}"#,
            r#"{"source":"other","v":1,"type":"play"}"#,
            r#"{"source":"descent","v":2,"type":"play"}"#,
            r#"{"source":"descent","v":"1","type":"play"}"#,
            r#"{"source":"descent","v":1,"type":"explode"}"#,
            r#"{"source":"descent","v":1,"type":"set","key":"lr"}"#,
            r#"{"source":"descent","v":1,"type":"set","key":3,"value":"1"}"#,
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn events_in_their_envelope() {
        assert_eq!(event_json(&Event::Ready), r#"{"source":"descent","v":1,"type":"ready"}"#);
        assert_eq!(
            event_json(&Event::Progress { epoch: 3, train_loss: 0.5, test_loss: 0.25, test_acc: Some(0.75) }),
            r#"{"source":"descent","v":1,"type":"progress","epoch":3,"train_loss":0.5,"test_loss":0.25,"test_acc":0.75}"#
        );
        assert_eq!(
            event_json(&Event::StateChanged { hash: "lr=0.1".into(), running: false }),
            r#"{"source":"descent","v":1,"type":"state-changed","hash":"lr=0.1","running":false}"#
        );
        assert_eq!(event_json(&Event::Resize { height: 480.0 }), r#"{"source":"descent","v":1,"type":"resize","height":480.0}"#);
        assert_eq!(event_json(&Event::Diverged { epoch: 7 }), r#"{"source":"descent","v":1,"type":"diverged","epoch":7}"#);
    }
}
