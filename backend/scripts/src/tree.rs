//! A script's decision tree, pure: its shape (nodes with keys, answers leading to next
//! nodes, end nodes with an outcome), the problems that keep it from being published, and
//! the step from a node by an answer. Stored as JSON in a script's draft and its versions.
//!
//! A valid tree starts at an existing node, reaches every node from the start, leads every
//! answer to an existing node, and from every node reaches an end without going round a
//! loop; a path may come back to an earlier node only through an answer marked `loopsBack`
//! ("try again"), so that every cycle is one the author meant.

use crm_contract::scripts::{ScriptEnding, ScriptNodeKind, ScriptProblemCode};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Most nodes in a tree.
pub const MAX_NODES: usize = 200;
/// Most answers to a question.
pub const MAX_ANSWERS: usize = 12;
/// Longest node key, in characters.
pub const MAX_KEY: usize = 40;
/// Longest node text, in characters.
pub const MAX_TEXT: usize = 2_000;
/// Longest answer label, in characters.
pub const MAX_LABEL: usize = 200;

/// A decision tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tree {
    /// The key of the first node.
    pub start: String,
    pub nodes: Vec<Node>,
}

/// A node: a question, a statement, or an end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Node {
    /// Unique in the tree; what answers point to and what runs and analytics record.
    pub key: String,
    pub kind: ScriptNodeKind,
    /// What the agent says or the bot writes.
    pub text: String,
    /// A question's answers (two or more); a statement's one way on (its label may be empty).
    #[serde(default)]
    pub answers: Vec<Answer>,
    /// An end's outcome.
    #[serde(default)]
    pub ending: Option<ScriptEnding>,
    /// The article an ARTICLE end shows.
    #[serde(default)]
    pub article_id: Option<Uuid>,
    /// The product an OFFER end proposes.
    #[serde(default)]
    pub product_id: Option<Uuid>,
    /// The queue a HAND_OFF end hands the ticket to (none: the default queue, or the
    /// ticket's own).
    #[serde(default)]
    pub queue_id: Option<Uuid>,
}

/// An answer, and the node it leads to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    /// Unique among the node's answers.
    pub key: String,
    pub label: String,
    /// The key of the next node.
    pub next: String,
    /// Marks an answer that goes back to an earlier node on purpose ("try again").
    #[serde(default)]
    pub loops_back: bool,
}

/// Why a tree cannot be published, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The node it is about (none: the tree as a whole).
    pub node: Option<String>,
    pub code: ScriptProblemCode,
    /// For a person: what is wrong.
    pub detail: String,
}

impl Problem {
    fn at(node: &Node, code: ScriptProblemCode, detail: impl Into<String>) -> Self {
        Self { node: Some(node.key.clone()), code, detail: detail.into() }
    }
    fn whole(code: ScriptProblemCode, detail: impl Into<String>) -> Self {
        Self { node: None, code, detail: detail.into() }
    }
}

/// Why a step cannot be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepError {
    /// The run is not at a node of the tree (a version does not change; not expected).
    UnknownNode,
    /// The node has no such answer.
    UnknownAnswer,
    /// The node is an end.
    AtEnd,
}

impl Tree {
    /// The node of `key`.
    pub fn node(&self, key: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.key == key)
    }

    /// The node the answer `answer` at node `at` leads to (a statement's one way on when
    /// `answer` is `None`).
    pub fn step(&self, at: &str, answer: Option<&str>) -> Result<(&Answer, &Node), StepError> {
        let node = self.node(at).ok_or(StepError::UnknownNode)?;
        if node.kind == ScriptNodeKind::End {
            return Err(StepError::AtEnd);
        }
        let chosen = match (node.kind, answer) {
            (ScriptNodeKind::Statement, None) => node.answers.first(),
            (_, Some(key)) => node.answers.iter().find(|a| a.key == key),
            (_, None) => None,
        }
        .ok_or(StepError::UnknownAnswer)?;
        let next = self.node(&chosen.next).ok_or(StepError::UnknownNode)?;
        Ok((chosen, next))
    }

    /// Everything that keeps the tree from being published, in node order; empty when it is
    /// valid. References to articles, products and queues are checked against the database by
    /// the caller.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if self.nodes.is_empty() || self.nodes.len() > MAX_NODES {
            problems.push(Problem::whole(ScriptProblemCode::NodeCount, format!("a script has 1 to {MAX_NODES} nodes")));
            return problems;
        }
        let mut seen = HashSet::new();
        for node in &self.nodes {
            node_problems(node, &mut seen, &mut problems);
        }
        let keys: HashSet<&str> = self.nodes.iter().map(|n| n.key.as_str()).collect();
        for node in &self.nodes {
            for answer in node.answers.iter().filter(|a| !keys.contains(a.next.as_str())) {
                problems.push(Problem::at(
                    node,
                    ScriptProblemCode::UnknownTarget,
                    format!("the answer \"{}\" leads to \"{}\", which is no node", answer.label, answer.next),
                ));
            }
        }
        if !keys.contains(self.start.as_str()) {
            problems.push(Problem::whole(ScriptProblemCode::NoStart, format!("the start \"{}\" is no node", self.start)));
            return problems;
        }
        self.graph_problems(&mut problems);
        problems
    }

    /// Orphans, unmarked cycles, and nodes from which no end is reached.
    fn graph_problems(&self, problems: &mut Vec<Problem>) {
        let index: HashMap<&str, usize> = self.nodes.iter().enumerate().map(|(i, n)| (n.key.as_str(), i)).collect();
        let edges = |i: usize, with_loops: bool| -> Vec<usize> {
            self.nodes[i]
                .answers
                .iter()
                .filter(|a| with_loops || !a.loops_back)
                .filter_map(|a| index.get(a.next.as_str()).copied())
                .collect()
        };
        let start = index[self.start.as_str()];
        let reached = reachable(self.nodes.len(), start, |i| edges(i, true));
        for (i, node) in self.nodes.iter().enumerate() {
            if !reached[i] {
                problems.push(Problem::at(node, ScriptProblemCode::Orphan, "no path from the start reaches it"));
            }
        }
        if let Some(i) = cycle_member(self.nodes.len(), |i| edges(i, false)) {
            problems.push(Problem::at(
                &self.nodes[i],
                ScriptProblemCode::Cycle,
                "a path comes back to it: mark the answer that goes back as a loop, or lead it elsewhere",
            ));
        }
        // Nodes that reach an end over unmarked answers: a backward search from the ends.
        let mut ends = vec![false; self.nodes.len()];
        let mut changed = true;
        while changed {
            changed = false;
            for i in 0..self.nodes.len() {
                if !ends[i] && (self.nodes[i].kind == ScriptNodeKind::End || edges(i, false).iter().any(|&j| ends[j])) {
                    ends[i] = true;
                    changed = true;
                }
            }
        }
        for (i, node) in self.nodes.iter().enumerate() {
            if reached[i] && !ends[i] {
                problems.push(Problem::at(node, ScriptProblemCode::NeverEnds, "no path from it reaches an end without going round a loop"));
            }
        }
    }
}

fn valid_key(key: &str) -> bool {
    !key.is_empty() && key.chars().count() <= MAX_KEY && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn bad_text(text: &str, max: usize) -> bool {
    text.trim().is_empty() || text.chars().count() > max
}

/// The problems of one node on its own: key, text, answers, ending.
fn node_problems<'a>(node: &'a Node, seen: &mut HashSet<&'a str>, problems: &mut Vec<Problem>) {
    use ScriptProblemCode as Code;
    if !valid_key(&node.key) {
        problems.push(Problem::at(node, Code::BadKey, format!("a key has 1 to {MAX_KEY} letters, digits, - or _")));
    } else if !seen.insert(node.key.as_str()) {
        problems.push(Problem::at(node, Code::DuplicateKey, "another node has this key"));
    }
    if bad_text(&node.text, MAX_TEXT) {
        problems.push(Problem::at(node, Code::BadText, format!("the text has 1 to {MAX_TEXT} characters")));
    }
    let answers = node.answers.len();
    let count_ok = match node.kind {
        ScriptNodeKind::Question => (2..=MAX_ANSWERS).contains(&answers),
        ScriptNodeKind::Statement => answers == 1,
        ScriptNodeKind::End => answers == 0,
    };
    if !count_ok {
        let rule = match node.kind {
            ScriptNodeKind::Question => format!("a question has 2 to {MAX_ANSWERS} answers"),
            ScriptNodeKind::Statement => "a statement has exactly one way on".to_owned(),
            ScriptNodeKind::End => "an end has no answers".to_owned(),
        };
        problems.push(Problem::at(node, Code::AnswerCount, rule));
    }
    let mut answer_keys = HashSet::new();
    for answer in &node.answers {
        let label_required = node.kind == ScriptNodeKind::Question;
        if (label_required && bad_text(&answer.label, MAX_LABEL)) || answer.label.chars().count() > MAX_LABEL {
            problems.push(Problem::at(node, Code::BadText, format!("an answer's label has 1 to {MAX_LABEL} characters")));
        }
        if !valid_key(&answer.key) || !answer_keys.insert(answer.key.as_str()) {
            problems.push(Problem::at(node, Code::BadKey, format!("the answer \"{}\" needs a key of its own", answer.label)));
        }
    }
    if node.kind == ScriptNodeKind::End {
        let missing = match node.ending {
            None => Some("an end says how it ends"),
            Some(ScriptEnding::Article) if node.article_id.is_none() => Some("an ARTICLE end names its article"),
            Some(ScriptEnding::Offer) if node.product_id.is_none() => Some("an OFFER end names its product"),
            Some(_) => None,
        };
        if let Some(detail) = missing {
            problems.push(Problem::at(node, Code::MissingEnding, detail));
        }
    }
}

/// Which of `n` nodes are reached from `start` along `edges`.
fn reachable(n: usize, start: usize, edges: impl Fn(usize) -> Vec<usize>) -> Vec<bool> {
    let mut reached = vec![false; n];
    let mut stack = vec![start];
    while let Some(i) = stack.pop() {
        if !std::mem::replace(&mut reached[i], true) {
            stack.extend(edges(i));
        }
    }
    reached
}

/// A node on a cycle of `edges`, if there is one (a depth-first search finding a back edge).
fn cycle_member(n: usize, edges: impl Fn(usize) -> Vec<usize>) -> Option<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut marks = vec![Mark::New; n];
    for root in 0..n {
        if marks[root] != Mark::New {
            continue;
        }
        // (node, its edges, how many of them are explored)
        let mut stack = vec![(root, edges(root), 0usize)];
        marks[root] = Mark::Open;
        while let Some((node, next, explored)) = stack.last_mut() {
            if let Some(&j) = next.get(*explored) {
                *explored += 1;
                match marks[j] {
                    Mark::Open => return Some(j),
                    Mark::New => {
                        marks[j] = Mark::Open;
                        let out = edges(j);
                        stack.push((j, out, 0));
                    }
                    Mark::Done => {}
                }
            } else {
                marks[*node] = Mark::Done;
                stack.pop();
            }
        }
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn answer(key: &str, next: &str) -> Answer {
        Answer { key: key.into(), label: format!("answer {key}"), next: next.into(), loops_back: false }
    }

    fn question(key: &str, answers: Vec<Answer>) -> Node {
        Node {
            key: key.into(),
            kind: ScriptNodeKind::Question,
            text: format!("question {key}"),
            answers,
            ending: None,
            article_id: None,
            product_id: None,
            queue_id: None,
        }
    }

    fn statement(key: &str, next: &str) -> Node {
        Node { kind: ScriptNodeKind::Statement, ..question(key, vec![answer("ok", next)]) }
    }

    fn end(key: &str) -> Node {
        Node { kind: ScriptNodeKind::End, ending: Some(ScriptEnding::Resolution), ..question(key, Vec::new()) }
    }

    /// Does it print? yes → solved; no → restart it → does it print now? yes → solved, no →
    /// hand off, "let me try again" → back to the restart.
    fn printer() -> Tree {
        Tree {
            start: "prints".into(),
            nodes: vec![
                question("prints", vec![answer("yes", "solved"), answer("no", "restart")]),
                statement("restart", "again"),
                question(
                    "again",
                    vec![answer("yes", "solved"), answer("no", "human"), Answer { loops_back: true, ..answer("retry", "restart") }],
                ),
                end("solved"),
                Node { ending: Some(ScriptEnding::HandOff), ..end("human") },
            ],
        }
    }

    fn codes(tree: &Tree) -> Vec<(Option<String>, ScriptProblemCode)> {
        tree.problems().into_iter().map(|p| (p.node, p.code)).collect()
    }

    #[test]
    fn a_tree_with_a_marked_loop_is_valid() {
        assert_eq!(codes(&printer()), vec![]);
    }

    #[test]
    fn an_unmarked_way_back_is_a_cycle() {
        let mut tree = printer();
        tree.nodes[2].answers[2].loops_back = false;
        assert_eq!(codes(&tree), vec![(Some("restart".into()), ScriptProblemCode::Cycle)]);
    }

    #[test]
    fn a_loop_with_no_way_out_never_ends() {
        let mut tree = printer();
        // "again" now only goes round: back to the restart, marked.
        tree.nodes[2].answers =
            vec![Answer { loops_back: true, ..answer("retry", "restart") }, Answer { loops_back: true, ..answer("retry2", "prints") }];
        let found = codes(&tree);
        assert!(found.contains(&(Some("again".into()), ScriptProblemCode::NeverEnds)), "{found:?}");
        assert!(found.contains(&(Some("restart".into()), ScriptProblemCode::NeverEnds)), "{found:?}");
        assert!(!found.contains(&(Some("prints".into()), ScriptProblemCode::NeverEnds)), "{found:?}");
    }

    #[test]
    fn orphans_unknown_targets_and_missing_starts_are_named() {
        let mut tree = printer();
        tree.nodes.push(end("lonely"));
        tree.nodes[0].answers[0].next = "nowhere".into();
        let found = codes(&tree);
        assert!(found.contains(&(Some("prints".into()), ScriptProblemCode::UnknownTarget)));
        assert!(found.contains(&(Some("lonely".into()), ScriptProblemCode::Orphan)));
        tree.start = "gone".into();
        assert!(codes(&tree).contains(&(None, ScriptProblemCode::NoStart)));
    }

    #[test]
    fn each_kind_has_its_answers_and_ends_their_outcome() {
        let mut tree = printer();
        tree.nodes[0].answers.truncate(1);
        tree.nodes[3].ending = Some(ScriptEnding::Article);
        tree.nodes[4].answers.push(answer("x", "prints"));
        tree.nodes[1].key = "restart".into();
        tree.nodes.push(Node { key: "prints".into(), ..end("dup") });
        let found = codes(&tree);
        for expected in [
            (Some("prints".to_owned()), ScriptProblemCode::AnswerCount),
            (Some("solved".to_owned()), ScriptProblemCode::MissingEnding),
            (Some("human".to_owned()), ScriptProblemCode::AnswerCount),
            (Some("prints".to_owned()), ScriptProblemCode::DuplicateKey),
        ] {
            assert!(found.contains(&expected), "{expected:?} in {found:?}");
        }
        assert_eq!(Tree { start: "a".into(), nodes: vec![] }.problems()[0].code, ScriptProblemCode::NodeCount);
    }

    #[test]
    fn steps_follow_the_answers() {
        let tree = printer();
        assert_eq!(tree.step("prints", Some("no")).unwrap().1.key, "restart");
        assert_eq!(tree.step("restart", None).unwrap().1.key, "again");
        assert_eq!(tree.step("again", Some("retry")).unwrap().1.key, "restart");
        assert_eq!(tree.step("prints", Some("maybe")).unwrap_err(), StepError::UnknownAnswer);
        assert_eq!(tree.step("prints", None).unwrap_err(), StepError::UnknownAnswer);
        assert_eq!(tree.step("solved", None).unwrap_err(), StepError::AtEnd);
        assert_eq!(tree.step("ghost", None).unwrap_err(), StepError::UnknownNode);
    }

    /// A random tree whose answers lead only forward (node i to nodes after it), ending in
    /// END nodes: valid by construction once every node is reached.
    fn forward_tree() -> impl Strategy<Value = Tree> {
        (3usize..30).prop_flat_map(|n| {
            let choices: Vec<_> = (0..n - 1).map(|i| proptest::collection::vec(i + 1..n, 2..4)).collect();
            choices.prop_map(move |targets| {
                let mut nodes: Vec<Node> = targets
                    .iter()
                    .enumerate()
                    .map(|(i, next)| {
                        question(
                            &format!("n{i}"),
                            next.iter().enumerate().map(|(k, j)| answer(&format!("a{k}"), &format!("n{j}"))).collect(),
                        )
                    })
                    .collect();
                nodes.push(end(&format!("n{}", n - 1)));
                // Only the nodes the start reaches, in order (so answers still lead forward).
                let index = |key: &str| key[1..].parse::<usize>().unwrap();
                let reached = reachable(n, 0, |i| nodes[i].answers.iter().map(|a| index(&a.next)).collect());
                let nodes = nodes.into_iter().enumerate().filter(|(i, _)| reached[*i]).map(|(_, n)| n).collect();
                Tree { start: "n0".into(), nodes }
            })
        })
    }

    proptest! {
        #[test]
        fn forward_trees_are_valid_and_every_walk_ends(tree in forward_tree(), picks in proptest::collection::vec(0usize..4, 40)) {
            prop_assert_eq!(codes(&tree), vec![]);
            let mut at = tree.start.clone();
            for (steps, pick) in picks.iter().enumerate() {
                let node = tree.node(&at).unwrap();
                if node.kind == ScriptNodeKind::End {
                    break;
                }
                prop_assert!(steps < tree.nodes.len(), "a walk is longer than the tree");
                let answer = &node.answers[pick % node.answers.len()];
                at = tree.step(&at, Some(&answer.key)).unwrap().1.key.clone();
            }
            prop_assert_eq!(tree.node(&at).unwrap().kind, ScriptNodeKind::End);
        }

        #[test]
        fn an_answer_back_is_a_cycle_unless_marked(tree in forward_tree(), from in 0usize..30, to_start in any::<bool>()) {
            let mut tree = tree;
            let questions: Vec<usize> = (0..tree.nodes.len()).filter(|&i| tree.nodes[i].kind == ScriptNodeKind::Question).collect();
            let from = questions[from % questions.len()];
            // Back to the start (which reaches every node) or to itself: either closes a cycle.
            let target = if to_start { tree.start.clone() } else { tree.nodes[from].key.clone() };
            tree.nodes[from].answers.push(answer("back", &target));
            let unmarked = codes(&tree);
            prop_assert!(unmarked.iter().any(|(_, c)| *c == ScriptProblemCode::Cycle), "{:?}", unmarked);
            tree.nodes[from].answers.last_mut().unwrap().loops_back = true;
            prop_assert_eq!(codes(&tree), vec![]);
        }
    }
}
