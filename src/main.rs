//! The `quotestance` command line: parses arguments, calls the library, prints.

use std::io::{self, BufRead, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;

use quotestance::annotate::{Annotated, annotate};
use quotestance::data::articles::{Article, JsonlArticles, read_text_file};
use quotestance::data::{QuoteRow, QuoteTable, ReadOptions, read_quote_file};
use quotestance::eval::quotes::{Predicted, read_gold, score};
use quotestance::model::{Example, Regularization, TrainParams, TrainingSet};
use quotestance::report::{
    BySpeaker, Classified, EvalReport, Format, QUOTE_FIELDS, QuoteRecord, write_classified,
    write_quotes,
};
use quotestance::{QuoteInput, StanceModel};

/// Find who said what in news, and the speaker's stance: commitment, caution or refusal.
#[derive(Parser)]
#[command(name = "quotestance", version, about, long_about = None)]
#[command(
    after_help = "Exit status: 0 success, 1 error (bad input, unreadable file, damaged model), 2 usage error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Find the quotes of news articles, their speakers and each speaker's stance.
    #[command(
        after_help = "Input: plain-text articles (FILE ..., or stdin), or with --input-format jsonl one \
        article a line as {\"id\": ..., \"text\": ...}; other fields are carried through.\n\n\
        Output (JSONL by default), one record per quote: article, start, end (byte offsets of the quote in \
        the article), quote, speaker, speaker_mention, cue, type (direct|mixed|indirect), stance, \
        confidence, probabilities, attribution_confidence.\n\n\
        Examples:\n  quotestance extract datasets/articles/reserve-bank-holds-rates.txt --format table\n  \
        quotestance extract news/*.txt --by-speaker --format table\n  \
        quotestance extract --input-format jsonl articles.jsonl > quotes.jsonl"
    )]
    Extract(ExtractArgs),
    /// Score quote extraction against gold quotes: precision, recall and F1 per type, speaker accuracy.
    #[command(name = "eval-quotes")]
    #[command(
        after_help = "The gold file is JSONL: {\"article\", \"quote\", \"speaker\", \"type\", \"stance\"} per \
        line; `article` is the file stem of an article in the given folders or files.\n\n\
        Example:\n  quotestance eval-quotes datasets/articles/gold.jsonl datasets/articles"
    )]
    EvalQuotes(EvalQuotesArgs),
    /// Train a stance model on a labelled CSV (columns text,label; optional id,cue).
    #[command(
        after_help = "Examples:\n  quotestance train datasets/stance-train.csv -o my-model.json\n  \
        quotestance train datasets/stance-train.csv --dev datasets/stance-dev.csv --c auto -o models/default.json"
    )]
    Train(TrainArgs),
    /// Classify quotes: TEXT arguments, --input FILE.csv, or one quote per line on stdin.
    #[command(
        after_help = "Examples:\n  quotestance classify \"We will never sign this deal.\"\n  \
        quotestance classify --cue \"declined to say\" \"whether he backed the plan\"\n  \
        quotestance classify --input quotes.csv --format csv --explain\n  \
        cat quotes.txt | quotestance classify --format table"
    )]
    Classify(ClassifyArgs),
    /// Evaluate a model on a labelled CSV: accuracy, macro-F1, per-class scores, confusion matrix.
    #[command(
        after_help = "Examples:\n  quotestance eval datasets/stance-test.csv\n  \
        quotestance eval datasets/stance-test.csv --model my-model.json --json"
    )]
    Eval(EvalArgs),
}

#[derive(clap::Args)]
struct TrainArgs {
    /// Labelled CSV: header with `text` and `label` (commitment, caution, refusal); `id`, `cue` optional.
    data: PathBuf,
    /// Where to write the model (written atomically).
    #[arg(short, long, default_value = "model.json")]
    output: PathBuf,
    /// Cross-validation folds.
    #[arg(long, default_value_t = 5)]
    folds: usize,
    /// Seed of the fold assignment; the same data and seed give a byte-identical model.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Regularisation strength C (larger fits the training data more closely), or `auto` to
    /// pick it from 0.1…100 by macro-F1 (on --dev when given, else by cross-validation).
    #[arg(long, default_value = "10")]
    c: String,
    /// A labelled dev CSV on which `--c auto` chooses C.
    #[arg(long)]
    dev: Option<PathBuf>,
    /// Ignore the `cue` column.
    #[arg(long)]
    no_cues: bool,
    /// Skip the cross-validation of the chosen C (faster; the model then records no CV scores).
    #[arg(long)]
    no_cv: bool,
    /// Skip invalid rows (reporting how many) instead of stopping at the first.
    #[arg(long)]
    skip_invalid: bool,
}

#[derive(clap::Args)]
struct ClassifyArgs {
    /// Quotes to classify. Without TEXT or --input, quotes are read from stdin, one a line.
    text: Vec<String>,
    /// A CSV with a `text` column (`id` and `cue` kept when present).
    #[arg(short, long, conflicts_with = "text")]
    input: Option<PathBuf>,
    /// The reporting cue of the TEXT quotes, e.g. "declined to say" or "pledged".
    #[arg(long)]
    cue: Option<String>,
    /// Model file; default: the model shipped with quotestance.
    #[arg(short, long)]
    model: Option<PathBuf>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = FormatArg::Jsonl)]
    format: FormatArg,
    /// Add the N features that most raised the predicted label's score.
    #[arg(long, num_args = 0..=1, default_missing_value = "5", value_name = "N")]
    explain: Option<usize>,
    /// Skip invalid rows of --input instead of stopping at the first.
    #[arg(long)]
    skip_invalid: bool,
}

#[derive(clap::Args)]
struct EvalArgs {
    /// Labelled CSV to evaluate on.
    data: PathBuf,
    /// Model file; default: the model shipped with quotestance.
    #[arg(short, long)]
    model: Option<PathBuf>,
    /// Print one JSON object instead of the text report.
    #[arg(long)]
    json: bool,
    /// Classify without the `cue` column, to see what the cues add.
    #[arg(long)]
    ignore_cue: bool,
    /// Skip invalid rows (reporting how many) instead of stopping at the first.
    #[arg(long)]
    skip_invalid: bool,
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// Article files; none means stdin.
    files: Vec<PathBuf>,
    /// How the input is laid out.
    #[arg(long, value_enum, default_value_t = InputFormat::Text)]
    input_format: InputFormat,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = FormatArg::Jsonl)]
    format: FormatArg,
    /// Skip stance classification.
    #[arg(long)]
    no_stance: bool,
    /// Print, per speaker, the number of quotes per stance instead of the quotes.
    #[arg(long)]
    by_speaker: bool,
    /// Stance model file; default: the model shipped with quotestance.
    #[arg(short, long)]
    model: Option<PathBuf>,
    /// Replace invalid UTF-8 with U+FFFD (with a warning) instead of failing.
    #[arg(long)]
    lossy: bool,
    /// Skip malformed JSONL lines (reporting how many) instead of stopping at the first.
    #[arg(long)]
    skip_invalid: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum InputFormat {
    /// Each file (or stdin) is one article.
    Text,
    /// One JSON object a line: {"id": ..., "text": ...}.
    Jsonl,
}

#[derive(clap::Args)]
struct EvalQuotesArgs {
    /// Gold quotes, JSONL.
    gold: PathBuf,
    /// Article files, or folders of `.txt` articles.
    #[arg(required = true)]
    articles: Vec<PathBuf>,
    /// Stance model, to score stance on matched quotes; default: the shipped model.
    #[arg(short, long)]
    model: Option<PathBuf>,
    /// Print one JSON object instead of the text report.
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Jsonl,
    Csv,
    Table,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Csv => Format::Csv,
            FormatArg::Table => Format::Table,
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("quotestance: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// A closed pipe (`quotestance … | head -1`) is a normal way for output to end.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Train(args) => train(args),
        Command::Classify(args) => classify(args),
        Command::Eval(args) => eval(args),
        Command::Extract(args) => extract(args),
        Command::EvalQuotes(args) => eval_quotes(args),
    }
}

fn stdout() -> Box<dyn Write> {
    let out = io::stdout();
    if out.is_terminal() {
        Box::new(out.lock())
    } else {
        Box::new(BufWriter::new(out.lock()))
    }
}

/// The model of `--model`, or the embedded default. A loaded model lives until the process
/// ends, so it is leaked rather than threaded through every caller.
fn load_model(path: Option<&Path>) -> Result<&'static StanceModel> {
    Ok(match path {
        Some(p) => Box::leak(Box::new(StanceModel::load(p)?)),
        None => StanceModel::default_model(),
    })
}

fn report_skipped(table: &QuoteTable) {
    if let Some(first) = table.skipped.first() {
        eprintln!(
            "quotestance: skipped {} invalid rows of {} (first: {first})",
            table.skipped.len(),
            table.source
        );
    }
}

fn examples(table: &QuoteTable, use_cues: bool) -> Vec<Example<'_>> {
    table
        .rows
        .iter()
        .map(|r| Example {
            input: row_input(r, use_cues),
            label: r.label.expect("labelled rows"),
        })
        .collect()
}

fn row_input(row: &QuoteRow, use_cue: bool) -> QuoteInput<'_> {
    match (&row.cue, use_cue) {
        (Some(cue), true) => QuoteInput::with_cue(&row.text, cue),
        _ => QuoteInput::new(&row.text),
    }
}

fn training_set(table: &QuoteTable, use_cues: bool) -> TrainingSet<'_> {
    TrainingSet {
        examples: examples(table, use_cues),
        source_name: Path::new(&table.source)
            .file_name()
            .map_or(table.source.clone(), |n| n.to_string_lossy().into_owned()),
        source_sha256: table.sha256.clone(),
    }
}

fn train(args: TrainArgs) -> Result<()> {
    let c = match args.c.as_str() {
        "auto" => Regularization::Auto,
        s => Regularization::Fixed(
            s.parse()
                .with_context(|| format!("--c must be a positive number or `auto`, got {s:?}"))?,
        ),
    };
    let options = ReadOptions::labelled().skip_invalid(args.skip_invalid);
    let table = read_quote_file(&args.data, &options)?;
    report_skipped(&table);
    let dev_table = args
        .dev
        .as_deref()
        .map(|p| read_quote_file(p, &options))
        .transpose()?;
    if let Some(dev) = &dev_table {
        report_skipped(dev);
    }
    let params = TrainParams::default()
        .c(c)
        .folds(args.folds)
        .seed(args.seed)
        .use_cues(!args.no_cues);
    let set = training_set(&table, !args.no_cues);
    let dev = dev_table.as_ref().map(|t| training_set(t, !args.no_cues));
    let model = params
        .fit(&set, dev.as_ref())
        .with_context(|| format!("training on {}", table.source))?;
    model.save(&args.output)?;
    let info = model.training_info();
    let mut out = stdout();
    for s in &info.c_search {
        let on = if info.dev_file.is_some() {
            "dev"
        } else {
            "cross-validated"
        };
        writeln!(
            out,
            "C = {:<6} {on} accuracy {:.3}  macro-F1 {:.3}",
            s.c, s.accuracy, s.macro_f1
        )?;
    }
    write!(
        out,
        "trained on {} rows ({} with a cue), C = {}",
        info.rows, info.rows_with_cue, info.c
    )?;
    match &info.cross_validation {
        Some(cv) => writeln!(
            out,
            ": {}-fold cross-validated accuracy {:.3}, macro-F1 {:.3}",
            info.folds, cv.accuracy, cv.macro_f1
        )?,
        None => writeln!(out, " (not cross-validated)")?,
    }
    writeln!(
        out,
        "model written to {} ({} features)",
        args.output.display(),
        model.vocabulary().len()
    )?;
    Ok(())
}

fn classify(args: ClassifyArgs) -> Result<()> {
    let model = load_model(args.model.as_deref())?;
    let rows: Vec<QuoteRow> = if let Some(path) = &args.input {
        let table = read_quote_file(
            path,
            &ReadOptions::unlabelled().skip_invalid(args.skip_invalid),
        )?;
        report_skipped(&table);
        table.rows
    } else if !args.text.is_empty() {
        if let Some(i) = args.text.iter().position(|t| t.trim().is_empty()) {
            bail!(
                "TEXT argument {} is empty: give the words of the quote",
                i + 1
            );
        }
        args.text
            .iter()
            .map(|t| quote_row(t, args.cue.as_deref()))
            .collect()
    } else {
        let mut rows = Vec::new();
        for (i, line) in io::stdin().lock().lines().enumerate() {
            let line = line.with_context(|| format!("reading stdin line {}", i + 1))?;
            if !line.trim().is_empty() {
                rows.push(quote_row(&line, args.cue.as_deref()));
            }
        }
        rows
    };
    let records: Vec<Classified> = rows
        .into_par_iter()
        .map(|row| {
            let input = row_input(&row, true);
            let (prediction, explanation) = match args.explain {
                Some(k) => {
                    let (p, e) = model.explain(input, k);
                    (p, Some(e))
                }
                None => (model.predict(input), None),
            };
            let mut record = Classified::new(
                row.id.clone(),
                row.text.clone(),
                row.cue.clone(),
                &prediction,
            );
            record.explanation = explanation;
            record
        })
        .collect();
    let mut out = stdout();
    write_classified(&mut out, &records, args.format.into())?;
    out.flush()?;
    Ok(())
}

fn quote_row(text: &str, cue: Option<&str>) -> QuoteRow {
    QuoteRow {
        line: 0,
        id: None,
        text: text.to_string(),
        cue: cue.map(str::to_string),
        label: None,
    }
}

fn eval(args: EvalArgs) -> Result<()> {
    let model = load_model(args.model.as_deref())?;
    let table = read_quote_file(
        &args.data,
        &ReadOptions::labelled().skip_invalid(args.skip_invalid),
    )?;
    report_skipped(&table);
    if let Some(row) = table
        .rows
        .iter()
        .find(|r| !model.labels().contains(&r.label.expect("labelled")))
    {
        bail!(
            "{}:{}: label {} is not one the model predicts ({})",
            table.source,
            row.line,
            row.label.expect("labelled"),
            model
                .labels()
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let use_cue = !args.ignore_cue;
    let predicted: Vec<_> = table
        .rows
        .par_iter()
        .map(|r| model.predict(row_input(r, use_cue)).label)
        .collect();
    let gold: Vec<_> = table
        .rows
        .iter()
        .map(|r| r.label.expect("labelled"))
        .collect();
    let has_cue: Vec<bool> = table.rows.iter().map(|r| r.cue.is_some()).collect();
    let baseline = model
        .training_info()
        .rows_per_label
        .iter()
        .max_by_key(|(label, n)| (**n, std::cmp::Reverse(**label)))
        .map_or(model.labels()[0], |(l, _)| *l);
    let report = EvalReport::new(
        &gold,
        &predicted,
        &has_cue,
        model.labels(),
        baseline,
        args.ignore_cue,
        table.skipped.len(),
    );
    let mut out = stdout();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        report.write_text(&mut out)?;
    }
    out.flush()?;
    Ok(())
}

/// Articles processed in parallel at a time: enough to keep both cores busy, few enough to
/// keep memory bounded when streaming a large JSONL file.
const BATCH: usize = 64;

fn extract(args: ExtractArgs) -> Result<()> {
    let model = if args.no_stance {
        None
    } else {
        Some(load_model(args.model.as_deref())?)
    };
    let format: Format = args.format.into();
    // The table fits the terminal; piped, it takes $COLUMNS or 120 characters.
    let width = terminal_size::terminal_size()
        .map(|(w, _)| usize::from(w.0))
        .or_else(|| std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()))
        .unwrap_or(120);
    let mut out = stdout();
    let mut by_speaker = BySpeaker::default();
    let mut first_batch = true;
    let mut skipped = 0usize;
    let mut emit = |batch: Vec<Article>, out: &mut Box<dyn Write>| -> Result<()> {
        let annotated: Vec<Vec<Annotated>> =
            batch.par_iter().map(|a| annotate(&a.text, model)).collect();
        let mut records = Vec::new();
        for (article, quotes) in batch.iter().zip(&annotated) {
            if let Some(w) = &article.warning {
                eprintln!("quotestance: warning: {w}");
            }
            for q in quotes {
                if args.by_speaker {
                    by_speaker.add(
                        q.quote.speaker.as_deref(),
                        q.stance.as_ref().map(|p| p.label),
                    );
                } else {
                    records.push(QuoteRecord::new(&article.id, q, &article.extra));
                }
            }
        }
        if !args.by_speaker {
            write_quotes(out.as_mut(), &records, format, first_batch, width)?;
            first_batch = false;
        }
        Ok(())
    };
    match args.input_format {
        InputFormat::Text if args.files.is_empty() => {
            let mut bytes = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .context("reading stdin")?;
            let (text, warning) = quotestance::data::articles::decode(bytes, "stdin", args.lossy)?;
            emit(
                vec![Article {
                    id: "stdin".into(),
                    text,
                    extra: Default::default(),
                    warning,
                }],
                &mut out,
            )?;
        }
        InputFormat::Text => {
            for chunk in args.files.chunks(BATCH) {
                let batch: Vec<Article> = chunk
                    .par_iter()
                    .map(|p| read_text_file(p, args.lossy))
                    .collect::<Result<_, _>>()?;
                emit(batch, &mut out)?;
            }
        }
        InputFormat::Jsonl => {
            let sources: Vec<(String, Box<dyn BufRead>)> = if args.files.is_empty() {
                vec![("stdin".into(), Box::new(io::stdin().lock()))]
            } else {
                args.files
                    .iter()
                    .map(|p| {
                        let f = std::fs::File::open(p)
                            .with_context(|| format!("cannot open {}", p.display()))?;
                        Ok((
                            p.display().to_string(),
                            Box::new(io::BufReader::new(f)) as Box<dyn BufRead>,
                        ))
                    })
                    .collect::<Result<_>>()?
            };
            for (name, reader) in sources {
                let mut batch = Vec::with_capacity(BATCH);
                for item in JsonlArticles::new(reader, &name, &QUOTE_FIELDS) {
                    match item {
                        Ok(article) => batch.push(article),
                        Err(e) if args.skip_invalid => {
                            if skipped == 0 {
                                eprintln!("quotestance: skipping invalid line: {e}");
                            }
                            skipped += 1;
                        }
                        Err(e) => return Err(e.into()),
                    }
                    if batch.len() == BATCH {
                        emit(std::mem::take(&mut batch), &mut out)?;
                    }
                }
                emit(batch, &mut out)?;
            }
        }
    }
    if args.by_speaker {
        by_speaker.write(out.as_mut(), format)?;
    }
    out.flush()?;
    if skipped > 0 {
        eprintln!("quotestance: skipped {skipped} invalid lines");
    }
    Ok(())
}

fn eval_quotes(args: EvalQuotesArgs) -> Result<()> {
    let bytes = std::fs::read(&args.gold)
        .with_context(|| format!("cannot read {}", args.gold.display()))?;
    let gold = read_gold(&bytes, &args.gold.display().to_string()).map_err(anyhow::Error::msg)?;
    let mut files = Vec::new();
    for p in &args.articles {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("cannot read folder {}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "txt"))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    let wanted: std::collections::HashSet<&str> = gold.iter().map(|g| g.article.as_str()).collect();
    let model = load_model(args.model.as_deref())?;
    let articles: Vec<Article> = files
        .par_iter()
        .map(|f| read_text_file(f, false))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|a| wanted.contains(a.id.as_str()))
        .collect();
    let annotated: Vec<Vec<Annotated>> = articles
        .par_iter()
        .map(|a| annotate(&a.text, Some(model)))
        .collect();
    let predicted: Vec<Predicted<'_>> = articles
        .iter()
        .zip(&annotated)
        .flat_map(|(a, qs)| {
            qs.iter().map(move |q| Predicted {
                article: &a.id,
                quote: &q.quote,
                stance: q.stance.as_ref().map(|p| p.label),
            })
        })
        .collect();
    let found: std::collections::HashSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    let missing: Vec<&&str> = wanted.iter().filter(|w| !found.contains(**w)).collect();
    if !missing.is_empty() {
        bail!(
            "{} gold articles have no file among the inputs, e.g. {}",
            missing.len(),
            missing[0]
        );
    }
    let scores = score(&gold, &predicted);
    let mut out = stdout();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &scores)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{} articles, {} gold quotes, {} predicted",
            scores.articles, scores.overall.gold, scores.overall.predicted
        )?;
        writeln!(
            out,
            "{:<10} {:>6} {:>9} {:>9} {:>7} {:>7}",
            "type", "gold", "predicted", "precision", "recall", "F1"
        )?;
        for (kind, p) in scores
            .per_type
            .iter()
            .map(|(k, p)| (*k, p))
            .chain([("all", &scores.overall)])
        {
            writeln!(
                out,
                "{:<10} {:>6} {:>9} {:>9.3} {:>7.3} {:>7.3}",
                kind, p.gold, p.predicted, p.precision, p.recall, p.f1
            )?;
        }
        writeln!(
            out,
            "type agreement on matches   {:.3}",
            scores.type_accuracy
        )?;
        writeln!(
            out,
            "speaker accuracy            {:.3} ({} matched quotes with a known speaker)",
            scores.speaker_accuracy, scores.speaker_pairs
        )?;
        let e = &scores.end_to_end;
        writeln!(
            out,
            "end to end (quote+speaker)  P {:.3}  R {:.3}  F1 {:.3}",
            e.precision, e.recall, e.f1
        )?;
        if let Some(s) = scores.stance_accuracy {
            writeln!(out, "stance accuracy on matches  {s:.3}")?;
        }
    }
    out.flush()?;
    Ok(())
}
