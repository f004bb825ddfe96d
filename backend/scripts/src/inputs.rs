//! Inputs of the scripts' operations, shared by the API and the seeder.

use crate::domain::{ArticleLocale, ScriptEnding, ScriptNodeKind};
use crate::tree::{Answer, Node, Tree, MAX_ANSWERS, MAX_KEY, MAX_LABEL, MAX_NODES, MAX_TEXT};
use async_graphql::{InputObject, ID};
use crm_core::error::{AppError, AppResult, InputReason};
use crm_core::filters::parse_id;

/// A decision tree as the editor sends it. A working copy may be saved with problems
/// (`CallScript.draftProblems` lists them); only a tree without any is published.
#[derive(InputObject, Debug, Clone)]
pub struct ScriptTreeInput {
    /// The key of the first node.
    pub start: String,
    /// The nodes (at most 200), in the order the editor shows them.
    pub nodes: Vec<ScriptNodeInput>,
}

/// A node of a tree.
#[derive(InputObject, Debug, Clone)]
pub struct ScriptNodeInput {
    /// Unique in the tree (1–40 letters, digits, `-`, `_`): what answers lead to.
    pub key: String,
    /// A question, a statement, or an end.
    pub kind: ScriptNodeKind,
    /// What the agent says or the bot writes (1–2,000 characters).
    pub text: String,
    /// A question's answers (2–12); a statement's one way on (its label may be empty); none
    /// for an end.
    #[graphql(default)]
    pub answers: Vec<ScriptAnswerInput>,
    /// An end's outcome.
    pub ending: Option<ScriptEnding>,
    /// The published article an ARTICLE end shows (PUBLIC in a self-service script).
    pub article_id: Option<ID>,
    /// The product an OFFER end proposes.
    pub product_id: Option<ID>,
    /// The queue a HAND_OFF end hands the ticket to; none: the default queue (the ticket's
    /// own, when the run is on a ticket).
    pub queue_id: Option<ID>,
}

/// An answer of a node, and where it leads.
#[derive(InputObject, Debug, Clone)]
pub struct ScriptAnswerInput {
    /// Unique among the node's answers (letters, digits, `-`, `_`); default `a1`, `a2`, … by
    /// position. Runs and analytics record it: keep it when relabelling.
    pub key: Option<String>,
    /// What the agent or the customer chooses (1–200 characters; may be empty on a
    /// statement).
    #[graphql(default)]
    pub label: String,
    /// The key of the node it leads to.
    pub next: String,
    /// Goes back to an earlier node on purpose ("try again"): the one kind of answer that may
    /// close a cycle.
    #[graphql(default)]
    pub loops_back: bool,
}

fn too_long(field: String, text: &str, max: usize) -> AppResult<()> {
    if text.chars().count() > max {
        return Err(AppError::invalid(field, InputReason::TooLong { max }));
    }
    Ok(())
}

fn optional_id(id: &Option<ID>, field: String) -> AppResult<Option<uuid::Uuid>> {
    match id {
        Some(id) if !id.is_empty() => Ok(Some(parse_id(id, &field)?)),
        _ => Ok(None),
    }
}

impl ScriptTreeInput {
    /// The tree, refused only where it is too big to keep; what else is wrong with it are its
    /// problems.
    pub fn into_tree(self) -> AppResult<Tree> {
        if self.nodes.len() > MAX_NODES {
            return Err(AppError::invalid("tree.nodes", InputReason::TooMany { max: MAX_NODES }));
        }
        too_long("tree.start".into(), &self.start, MAX_KEY)?;
        let mut nodes = Vec::with_capacity(self.nodes.len());
        for (i, node) in self.nodes.into_iter().enumerate() {
            let at = format!("tree.nodes.{i}");
            too_long(format!("{at}.key"), &node.key, MAX_KEY)?;
            too_long(format!("{at}.text"), &node.text, MAX_TEXT)?;
            if node.answers.len() > MAX_ANSWERS {
                return Err(AppError::invalid(format!("{at}.answers"), InputReason::TooMany { max: MAX_ANSWERS }));
            }
            let mut answers = Vec::with_capacity(node.answers.len());
            for (k, answer) in node.answers.into_iter().enumerate() {
                let key = answer.key.map(|k| k.trim().to_owned()).filter(|k| !k.is_empty()).unwrap_or_else(|| format!("a{}", k + 1));
                too_long(format!("{at}.answers.{k}.key"), &key, MAX_KEY)?;
                too_long(format!("{at}.answers.{k}.label"), &answer.label, MAX_LABEL)?;
                too_long(format!("{at}.answers.{k}.next"), &answer.next, MAX_KEY)?;
                answers.push(Answer {
                    key,
                    label: answer.label.trim().to_owned(),
                    next: answer.next.trim().to_owned(),
                    loops_back: answer.loops_back,
                });
            }
            let end = node.kind == ScriptNodeKind::End;
            let ending = node.ending.filter(|_| end);
            // An end keeps only the reference its ending uses.
            let wanted = |kind: ScriptEnding| end && ending == Some(kind);
            nodes.push(Node {
                key: node.key.trim().to_owned(),
                kind: node.kind,
                text: node.text.trim().to_owned(),
                answers,
                ending,
                article_id: optional_id(&node.article_id, format!("{at}.articleId"))?.filter(|_| wanted(ScriptEnding::Article)),
                product_id: optional_id(&node.product_id, format!("{at}.productId"))?.filter(|_| wanted(ScriptEnding::Offer)),
                queue_id: optional_id(&node.queue_id, format!("{at}.queueId"))?.filter(|_| wanted(ScriptEnding::HandOff)),
            });
        }
        Ok(Tree { start: self.start.trim().to_owned(), nodes })
    }
}

/// Input of createCallScript.
#[derive(InputObject, Debug, Clone)]
pub struct CreateCallScriptInput {
    /// Unique name (1–100 characters).
    pub name: String,
    /// What it is for and when to use it (at most 500 characters).
    #[graphql(default)]
    pub description: String,
    /// The language it is written in.
    pub locale: ArticleLocale,
    /// Offered to customers as the self-service chatbot once published.
    #[graphql(default)]
    pub self_service: bool,
    /// The working copy's tree.
    pub tree: ScriptTreeInput,
}

/// Changes to a script's working copy; the published version stays what runs until the next
/// publication.
#[derive(InputObject, Debug, Clone)]
pub struct UpdateCallScriptInput {
    /// Id of the script.
    pub id: ID,
    /// The version the change is based on; a newer stored version is a CONFLICT.
    pub version: i32,
    /// New unique name.
    pub name: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New language.
    pub locale: Option<ArticleLocale>,
    /// Whether customers meet it as the chatbot.
    pub self_service: Option<bool>,
    /// The working copy's tree, replacing the old one.
    pub tree: Option<ScriptTreeInput>,
}

/// Input of publishCallScript.
#[derive(InputObject, Debug, Clone)]
pub struct PublishCallScriptInput {
    /// Id of the script.
    pub id: ID,
    /// The version of the working copy being published.
    pub version: i32,
}

/// Input of startScriptRun.
#[derive(InputObject, Debug, Clone)]
pub struct StartScriptRunInput {
    /// The script (its published version runs).
    pub script_id: ID,
    /// The call it is run in (agents).
    pub call_id: Option<ID>,
    /// The ticket it is run on (agents).
    pub ticket_id: Option<ID>,
}

/// Input of answerScriptRun.
#[derive(InputObject, Debug, Clone)]
pub struct AnswerScriptRunInput {
    /// Id of the run.
    pub run_id: ID,
    /// The key of the node being answered: a run that has moved on since is a CONFLICT (a
    /// second click, another tab).
    pub node: String,
    /// The key of the answer chosen; none to go on from a statement.
    pub answer: Option<String>,
}
