//! What a student or teacher downloads from the page (issue 16): a run's curves as CSV and a
//! run report as JSON. Pure, so the files are tested natively; the page only saves them.

use crate::engine::EpochStats;

/// The curves as CSV: a header, then one row per recorded epoch of run A (and run B, when
/// given), `run,epoch,train_loss,test_loss,train_acc,test_acc,lr`; a missing accuracy or a
/// non-finite loss is an empty field.
pub fn curves_csv(a: &[EpochStats], b: Option<&[EpochStats]>) -> String {
    let num = |v: Option<f32>| v.filter(|x| x.is_finite()).map(|x| format!("{x}")).unwrap_or_default();
    let mut out = String::from("run,epoch,train_loss,test_loss,train_acc,test_acc,lr\n");
    for (run, h) in [("A", Some(a)), ("B", b)] {
        for s in h.unwrap_or_default() {
            out += &format!(
                "{run},{},{},{},{},{},{}\n",
                s.epoch,
                num(Some(s.train_loss)),
                num(Some(s.test_loss)),
                num(s.train_acc),
                num(s.test_acc),
                num(Some(s.lr))
            );
        }
    }
    out
}

/// A run report: the settings (the URL hash, which reproduces the run), the network's size,
/// and the last epoch's figures of run A (and B).
pub fn run_report(hash: &str, parameters: usize, a: Option<&EpochStats>, b: Option<&EpochStats>) -> String {
    let last = |s: Option<&EpochStats>| {
        s.map(|s| {
            serde_json::json!({
                "epoch": s.epoch, "train_loss": s.train_loss, "test_loss": s.test_loss,
                "train_acc": s.train_acc, "test_acc": s.test_acc, "lr": s.lr,
            })
        })
    };
    let mut report = serde_json::json!({ "hash": hash, "parameters": parameters, "final": last(a) });
    if b.is_some() {
        report["final_b"] = last(b).unwrap_or_default();
    }
    serde_json::to_string_pretty(&report).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(epoch: usize, loss: f32, acc: Option<f32>) -> EpochStats {
        EpochStats { epoch, train_loss: loss, test_loss: loss + 0.5, train_acc: acc, test_acc: acc, lr: 0.25 }
    }

    #[test]
    fn curves_as_csv() {
        let a = [s(1, 0.5, Some(0.75)), s(2, f32::NAN, None)];
        let csv = curves_csv(&a, Some(&[s(1, 0.25, Some(1.0))]));
        assert_eq!(
            csv,
            "run,epoch,train_loss,test_loss,train_acc,test_acc,lr\nA,1,0.5,1,0.75,0.75,0.25\nA,2,,,,,0.25\nB,1,0.25,0.75,1,1,0.25\n"
        );
        assert_eq!(curves_csv(&[], None).lines().count(), 1);
    }

    #[test]
    fn a_report_names_the_settings_and_the_last_figures() {
        let r: serde_json::Value = serde_json::from_str(&run_report("dataset=xor&seed=2", 17, Some(&s(40, 0.5, Some(0.75))), None)).unwrap();
        assert_eq!(r["hash"], "dataset=xor&seed=2");
        assert_eq!(r["parameters"], 17);
        assert_eq!(r["final"]["epoch"], 40);
        assert_eq!(r["final"]["test_acc"], 0.75);
        assert!(r.get("final_b").is_none());
        let r: serde_json::Value = serde_json::from_str(&run_report("x=1", 3, None, Some(&s(2, 0.25, None)))).unwrap();
        assert!(r["final"].is_null());
        assert_eq!(r["final_b"]["test_acc"], serde_json::Value::Null);
    }
}
