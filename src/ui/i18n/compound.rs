//! Interface text of the board's compound card, its groups, and the views' groups of the new
//! losses (the gradient maps' selector): `(key, English, Chinese)`.

/// The table.
pub const TABLE: super::table::Table = &[
    ("board.group.compound", "Compound and ranking losses: seven more", "组合与排序损失：另外七个"),
    ("board.group.geometry", "Geometry losses: distance maps and skeletons", "几何损失：距离图与骨架"),
    ("board.group.builder", "Build your own: w₁·L₁ + w₂·L₂", "自行组合：w₁·L₁ + w₂·L₂"),
    ("compound.title", "Compound: w₁·L₁ + w₂·L₂", "组合损失：w₁·L₁ + w₂·L₂"),
    ("compound.code", "As code: PyTorch, MONAI, smp, Keras", "代码：PyTorch、MONAI、smp、Keras"),
    (
        "compound.note",
        "Two losses, each with the parameters set on its own card, weighted and summed; gradients add the same way. generalized_dice cannot be a term.",
        "两个损失（各自使用其卡片上设置的参数）加权求和；梯度同样加权相加。generalized_dice 不能作为其中一项。",
    ),
    ("compound.term_a", "Term 1 (L₁)", "第 1 项（L₁）"),
    ("compound.term_b", "Term 2 (L₂)", "第 2 项（L₂）"),
    ("compound.weight_a", "weight w₁", "权重 w₁"),
    ("compound.weight_b", "weight w₂", "权重 w₂"),
    ("compound.weight_help", "the term's weight at step 0 (the core also takes 0 and negative weights from a link)", "该项在第 0 步的权重（链接中也可给 0 或负权重）"),
    ("compound.end_weight_a", "w₁ at the end", "终点 w₁"),
    ("compound.end_weight_b", "w₂ at the end", "终点 w₂"),
    ("compound.end_weight_help", "the weight this term reaches at the schedule's step", "该项在计划步数处达到的权重"),
    ("compound.steps", "steps", "步数"),
    ("compound.steps_help", "linear: the ramp's length in training steps; step: the step the weights change at", "线性：权重过渡所用的训练步数；阶跃：权重切换发生的步数"),
    ("compound.schedule", "Schedule in the race", "训练竞赛中的权重计划"),
    ("compound.schedule.constant", "constant", "恒定"),
    ("compound.schedule.linear", "linear ramp", "线性过渡"),
    ("compound.schedule.step", "step", "阶跃"),
    ("compound.weights_at_zero", "Weights at step 0 (what the board shows): w₁ = {a}, w₂ = {b}.", "第 0 步的权重（看板显示的值）：w₁ = {a}，w₂ = {b}。"),
    ("compound.schedule_note.constant", "In the race the weights stay {a} : {b} at every step.", "在训练竞赛中，权重在每一步都保持 {a} : {b}。"),
    (
        "compound.schedule_note.linear",
        "In the race the weights move linearly from {a} : {b} at step 0 to {a_end} : {b_end} at step {steps}, then stay there.",
        "在训练竞赛中，权重从第 0 步的 {a} : {b} 线性变化到第 {steps} 步的 {a_end} : {b_end}，之后保持不变。",
    ),
    (
        "compound.schedule_note.step",
        "In the race the weights are {a} : {b} before step {steps} and {a_end} : {b_end} from step {steps} on.",
        "在训练竞赛中，第 {steps} 步之前权重为 {a} : {b}，从第 {steps} 步起为 {a_end} : {b_end}。",
    ),
    ("compound.refused", "The compound was not changed: {reason}", "组合损失未更改：{reason}"),
    ("gradients.group", "Losses", "损失"),
    ("gradients.group.article", "the article's ten", "文章的十个"),
    ("gradients.group.compound", "compound (7 + builder)", "组合（7 个 + 自建）"),
    ("gradients.group.all", "all", "全部"),
];
