//! Interface text shared by the whole page: `(key, English, Chinese)`.

/// The table.
pub const TABLE: super::Table = &[
    ("view.scene", "Scene & losses", "场景与损失"),
    ("view.gradients", "Gradient maps", "梯度图"),
    ("view.curves", "Curves", "曲线"),
    ("view.race", "Training race", "训练竞赛"),
    ("view.learn", "Learn", "学习"),
];
