using Workbench.Engine.Tokens;
using Workbench.Engine.Training;

namespace Workbench.Engine.Creativity;

/// <summary>
/// An open-ended task (algorithmic-creativity.md, "The four tasks"): a hidden structure generated from
/// a seed, a training set sampled from its valid answers, and an exact checker. Each task (sibling
/// discovery, triangle discovery, circle construction, line construction) is one class; training
/// objectives, seed prefixes, sampling and scoring work on any of them through this interface.
/// </summary>
public interface ICreativityTask
{
    /// <summary>The special tokens and the task's node tokens.</summary>
    Vocabulary Vocabulary { get; }

    /// <summary>
    /// What every answer is generated from, before any seed prefix: <c>&lt;bos&gt;</c>, or
    /// <c>&lt;bos&gt; triangle</c> for triangle discovery. Every training sequence's prompt has this length,
    /// so that diffusion can line the answers up.
    /// </summary>
    int[] AnswerPrompt { get; }

    /// <summary>Tokens in the longest valid answer, the end token included; generation stops there.</summary>
    int MaxAnswerLength { get; }

    /// <summary>How many valid answers there are, counting each equivalence class once.</summary>
    long ValidAnswerCount { get; }

    /// <summary>How the authors lay out a teacherless copy of this task's answers (hybrid teacherless training).</summary>
    TeacherlessLayout TeacherlessLayout { get; }

    /// <summary>The training set S: the answers shown in training, each ending with <see cref="Vocabulary.End"/>.</summary>
    IReadOnlyList<int[]> TrainingAnswers { get; }

    /// <summary>
    /// Every sequence the model trains on: each training answer after <see cref="AnswerPrompt"/>, and any
    /// sequences that teach the hidden structure directly (triangle discovery's edges).
    /// </summary>
    IReadOnlyList<TrainingExample> TrainingExamples { get; }

    /// <summary>Checks one generated answer exactly: its tokens up to and including the end token.</summary>
    Judgement Judge(IReadOnlyList<int> answer);

    /// <summary>Checks it as the authors' <c>*/ntp/eval_qa.py</c> does (<see cref="ReferenceJudgement"/>; each task says where that differs).</summary>
    ReferenceJudgement JudgeAsReference(IReadOnlyList<int> answer);
}

/// <summary>What the checker decides about one answer.</summary>
/// <param name="Coherent">well-formed and valid under the task's rules</param>
/// <param name="Memorized">equivalent to an answer in the training set (only a coherent answer can be)</param>
/// <param name="EquivalenceKey">equal for equivalent answers and only for them; each task documents its equivalence</param>
public readonly record struct Judgement(bool Coherent, bool Memorized, string EquivalenceKey);

/// <summary>What the authors' checker (<c>*/ntp/eval_qa.py</c>) decides about one answer; answers are then told apart as strings.</summary>
/// <param name="Valid">their <c>get_validity_score</c></param>
/// <param name="Seen">their <c>get_seen_score</c>: the answer (canonicalised as they do) is among the training answers, whether valid or not</param>
public readonly record struct ReferenceJudgement(bool Valid, bool Seen);
