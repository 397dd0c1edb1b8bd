//! The user's own points as CSV: `x1,x2,label` per line.
//!
//! - A header is optional: the first non-blank line is a header when none of its fields is a
//!   number (e.g. `x1,x2,label`).
//! - Blank lines and lines starting with `#` are skipped. Fields are separated by commas and
//!   may be surrounded by spaces; a byte-order mark is ignored.
//! - x1 and x2 are numbers; an empty field, `NA` or `NaN` is a **missing value**: the row is
//!   kept with NaN there, for the clean step to drop or fill (training without cleaning then
//!   refuses with a message).
//! - The label is a number: 0/1 (two classes), a class index 0–3, or any real value
//!   (regression); the task follows from all labels ([`infer_task`]).
//! - Every bad field is reported with its line and column (both from 1); a row with a bad
//!   field is left out, the good rows are loaded.
//! - More than [`MAX_ROWS`] data rows: the whole file is refused.

use super::data::{infer_task, Sample, Task};
use crate::i18n::{Lang, T};
use serde::{Deserialize, Serialize};

pub const MAX_ROWS: usize = 10_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum CsvIssue {
    /// The field is not a number (or not finite).
    NotANumber,
    /// The label is empty or missing.
    NoLabel,
    /// The line has fewer than three fields (column: the first one missing).
    MissingField,
    /// The line has more than three fields (column: the first extra one).
    ExtraField,
}

/// One bad field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CsvProblem {
    /// Line in the file, from 1.
    pub line: usize,
    /// Column (field), from 1: 1 = x1, 2 = x2, 3 = label.
    pub column: usize,
    /// The field's text (empty for a missing field).
    pub field: String,
    pub issue: CsvIssue,
}

impl CsvProblem {
    /// E.g. `line 4, column 2 ("abc"): not a number`.
    pub fn message(&self, lang: Lang) -> String {
        let what = match self.issue {
            CsvIssue::NotANumber => T::CsvNotANumber,
            CsvIssue::NoLabel => T::CsvNoLabel,
            CsvIssue::MissingField => T::CsvMissingField,
            CsvIssue::ExtraField => T::CsvExtraField,
        };
        let field = if self.field.is_empty() { String::new() } else { format!(" (\"{}\")", self.field) };
        format!(
            "{} {}, {} {}{field}: {}",
            lang.t(T::CsvLine),
            lang.digits(&self.line.to_string()),
            lang.t(T::CsvColumn),
            lang.digits(&self.column.to_string()),
            lang.t(what)
        )
    }
}

/// The good rows of a CSV file and what was wrong with the others.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvData {
    pub samples: Vec<Sample>,
    pub problems: Vec<CsvProblem>,
    pub header: bool,
    pub task: Task,
    /// Rows kept with a missing x1 or x2 (NaN).
    pub missing: usize,
}

/// The whole file is refused.
#[derive(Clone, Debug, PartialEq)]
pub enum CsvError {
    TooManyRows { rows: usize },
    /// No row could be read; the problems say why.
    NoRows { problems: Vec<CsvProblem> },
}

impl CsvError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            CsvError::TooManyRows { rows } => format!(
                "{} ({} {}; {} {})",
                lang.t(T::CsvTooManyRows),
                lang.digits(&rows.to_string()),
                lang.t(T::CsvRows),
                lang.t(T::CsvAtMost),
                lang.digits(&MAX_ROWS.to_string())
            ),
            CsvError::NoRows { problems } => {
                let mut m = lang.t(T::CsvNoRows).to_string();
                for p in problems.iter().take(5) {
                    m += "\n";
                    m += &p.message(lang);
                }
                m
            }
        }
    }
}

fn number(field: &str) -> Option<f32> {
    field.parse::<f32>().ok().filter(|v| v.is_finite())
}

fn is_missing(field: &str) -> bool {
    field.is_empty() || field.eq_ignore_ascii_case("na") || field.eq_ignore_ascii_case("nan")
}

pub fn parse_csv(text: &str) -> Result<CsvData, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let header = lines.first().is_some_and(|(_, l)| l.split(',').all(|f| number(f.trim()).is_none() && !f.trim().is_empty()));
    let rows = &lines[header as usize..];
    if rows.len() > MAX_ROWS {
        return Err(CsvError::TooManyRows { rows: rows.len() });
    }
    let mut samples = Vec::with_capacity(rows.len());
    let mut problems = Vec::new();
    let mut missing = 0;
    for &(line, text) in rows {
        let fields: Vec<&str> = text.split(',').map(str::trim).collect();
        let problem = |column: usize, field: &str, issue| CsvProblem { line, column, field: field.to_string(), issue };
        let before = problems.len();
        if fields.len() < 3 {
            problems.push(problem(fields.len() + 1, "", CsvIssue::MissingField));
        } else if fields.len() > 3 {
            problems.push(problem(4, fields[3], CsvIssue::ExtraField));
        }
        let mut xy = [f32::NAN; 2];
        for (c, v) in xy.iter_mut().enumerate() {
            match fields.get(c) {
                Some(f) if is_missing(f) => {}
                Some(f) => match number(f) {
                    Some(x) => *v = x,
                    None => problems.push(problem(c + 1, f, CsvIssue::NotANumber)),
                },
                None => {}
            }
        }
        let label = match fields.get(2) {
            Some(f) if f.is_empty() => {
                problems.push(problem(3, f, CsvIssue::NoLabel));
                None
            }
            Some(f) => {
                let v = number(f);
                if v.is_none() {
                    problems.push(problem(3, f, CsvIssue::NotANumber));
                }
                v
            }
            None => None,
        };
        if let (Some(label), true) = (label, problems.len() == before) {
            if xy.iter().any(|v| v.is_nan()) {
                missing += 1;
            }
            samples.push(Sample { x: xy[0], y: xy[1], label });
        }
    }
    if samples.is_empty() {
        return Err(CsvError::NoRows { problems });
    }
    let task = infer_task(samples.iter().map(|s| s.label));
    Ok(CsvData { samples, problems, header, task, missing })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_file_with_and_without_header() {
        let with = "x1,x2,label\n1,2,0\n-3.5, 4e-1 ,1\r\n\n# a comment\n0,0,1\n";
        let d = parse_csv(with).unwrap();
        assert!(d.header && d.problems.is_empty());
        assert_eq!(d.task, Task::Binary);
        assert_eq!(d.samples, vec![
            Sample { x: 1.0, y: 2.0, label: 0.0 },
            Sample { x: -3.5, y: 0.4, label: 1.0 },
            Sample { x: 0.0, y: 0.0, label: 1.0 }
        ]);
        let without = parse_csv("\u{feff}1,2,0\n-3.5,0.4,1\n0,0,1").unwrap();
        assert!(!without.header);
        assert_eq!(without.samples, d.samples);
        assert_eq!(parse_csv("1,1,0\n2,2,2\n3,3,1").unwrap().task, Task::Multiclass { classes: 3 });
        assert_eq!(parse_csv("a,b,c\n1,1,0.25\n2,2,2").unwrap().task, Task::Regression);
    }

    #[test]
    fn bad_fields_are_reported_with_line_and_column_and_the_good_rows_load() {
        let text = "x1,x2,label\n1,2,0\n1,abc,1\n3,4\n5,6,7,8\nfoo,1,\n,2,1\n7,NaN,0\n9,9,1";
        let d = parse_csv(text).unwrap();
        let found: Vec<(usize, usize, CsvIssue)> = d.problems.iter().map(|p| (p.line, p.column, p.issue.clone())).collect();
        assert_eq!(found, vec![
            (3, 2, CsvIssue::NotANumber),
            (4, 3, CsvIssue::MissingField),
            (5, 4, CsvIssue::ExtraField),
            (6, 1, CsvIssue::NotANumber),
            (6, 3, CsvIssue::NoLabel),
        ]);
        assert_eq!(d.samples.len(), 4, "lines 2, 7, 8 and 9");
        assert_eq!(d.missing, 2, "an empty x1 and a NaN x2 are missing values");
        assert!(d.samples[1].x.is_nan() && d.samples[1].y == 2.0);
        assert_eq!(d.problems[0].message(Lang::En), "line 3, column 2 (\"abc\"): not a number");
        assert!(d.problems[0].message(Lang::Fa).contains("۳"));
        // Only bad rows: refused, with the reasons.
        let e = parse_csv("x,y,z\n1,2,a\n").unwrap_err();
        assert!(matches!(&e, CsvError::NoRows { problems } if problems.len() == 1));
        assert!(e.message(Lang::En).contains("line 2, column 3"));
        assert!(matches!(parse_csv(""), Err(CsvError::NoRows { .. })));
    }

    #[test]
    fn more_than_ten_thousand_rows_are_refused() {
        let ok: String = "x1,x2,label\n".to_string() + &"1,2,0\n".repeat(MAX_ROWS);
        assert_eq!(parse_csv(&ok).unwrap().samples.len(), MAX_ROWS);
        let too_many = ok + "1,2,0\n";
        let e = parse_csv(&too_many).unwrap_err();
        assert_eq!(e, CsvError::TooManyRows { rows: 10_001 });
        assert!(e.message(Lang::En).contains("10001") && e.message(Lang::En).contains("10000"));
    }
}
