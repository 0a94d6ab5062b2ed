//! Interface text of the geometry overlays (gradients view): `(key, English, Chinese)`.

/// The table.
pub const TABLE: super::table::Table = &[
    ("gradients.group.geometry", "geometry (4)", "几何（4 个）"),
    ("overlays.title", "What the geometry losses see", "几何损失看到的图"),
    (
        "overlays.intro",
        "The maps the geometry losses build from this scene, as they build them: the target's signed distance (boundary), the prediction's distance field (Hausdorff-DT) and both soft skeletons (clDice). They follow every edit. Hover to read a pixel.",
        "几何损失从当前场景构建的图，与损失内部所用完全相同：目标的有符号距离（boundary）、预测的距离场（Hausdorff-DT）以及两者的软骨架（clDice）。它们随每次编辑更新。悬停即可读取像素值。",
    ),
    ("overlays.target_sdm", "Target: signed distance φ", "目标：有符号距离 φ"),
    (
        "overlays.target_sdm.what",
        "boundary loss: 0 on the inner contour, > 0 outside, < 0 inside",
        "boundary 损失：内轮廓上为 0，外部 > 0，内部 < 0",
    ),
    ("overlays.pred_distance", "Prediction: distance field F", "预测：距离场 F"),
    (
        "overlays.pred_distance.what",
        "Hausdorff-DT, of p > 0.5: each pixel's distance to the other side",
        "Hausdorff-DT，基于 p > 0.5：每个像素到另一侧的距离",
    ),
    ("overlays.target_skeleton", "Target: soft skeleton", "目标：软骨架"),
    ("overlays.target_skeleton.what", "clDice S_y = skel(y, K)", "clDice S_y = skel(y, K)"),
    ("overlays.pred_skeleton", "Prediction: soft skeleton", "预测：软骨架"),
    ("overlays.pred_skeleton.what", "clDice S_p = skel(p, K)", "clDice S_p = skel(p, K)"),
    ("overlays.unit.sdm", "signed distance in px", "有符号距离（像素）"),
    ("overlays.unit.distance", "distance in px", "距离（像素）"),
    ("overlays.unit.skeleton", "skeleton value, 0 to 1", "骨架值，0 到 1"),
    ("overlays.max", "max |value|", "最大 |值|"),
    ("overlays.px_value", "{v} px", "{v} 像素"),
    ("overlays.canvas_label", "{name}: overlay of the scene", "{name}：场景叠加图"),
    ("overlays.bar_label", "{name}: colour bar", "{name}：色标"),
    (
        "overlays.note.empty_target",
        "Empty target: φ = 0 everywhere (the authors' code leaves an absent class blank), so the boundary loss is 0 with no gradient.",
        "空目标：φ 处处为 0（作者的代码对不存在的类别留空），因此 boundary 损失为 0，且没有梯度。",
    ),
    (
        "overlays.note.phantom",
        "Full target: there is no background pixel, so SciPy's distance transform measures to a phantom zero above the top-left corner: φ = 1 − √((i+1)² + j²). An artefact of SciPy, not a distance, but it is what the boundary loss uses.",
        "满目标：没有背景像素，SciPy 的距离变换便以左上角上方一个虚构的零点为参照：φ = 1 − √((i+1)² + j²)。这是 SciPy 的人为产物，并非真实距离，但 boundary 损失用的正是它。",
    ),
    (
        "overlays.note.no_foreground",
        "No pixel has p > 0.5: MONAI's distance field is 0 everywhere (only the target's field weighs).",
        "没有像素满足 p > 0.5：MONAI 的距离场处处为 0（只有目标的距离场起作用）。",
    ),
    (
        "overlays.note.all_foreground",
        "Every pixel has p > 0.5: MONAI's distance field is 0 everywhere.",
        "所有像素都满足 p > 0.5：MONAI 的距离场处处为 0。",
    ),
    (
        "overlays.note.empty_skeleton",
        "Empty skeleton at this K: every erosion so far was “open”, so nothing was collected. A blob's skeleton appears once K reaches its half-width; a flat image never has one.",
        "在此 K 下骨架为空：到目前为止每次腐蚀后的开运算都保持不变，因此没有收集到任何像素。斑块的骨架要等 K 达到其半宽才出现；平坦的图像永远没有骨架。",
    ),
    ("overlays.iterations", "Skeleton iterations K", "骨架迭代次数 K"),
    (
        "overlays.iterations.help",
        "Soft-skeleton iterations of the two skeleton overlays (0 to 10). The board's clDice parameter is separate: changing K here does not change the loss.",
        "两个骨架叠加图的软骨架迭代次数（0 到 10）。它与面板上 clDice 的参数相互独立：在此修改 K 不会改变损失。",
    ),
    ("overlays.iterations.board", "use the board's clDice K = {k}", "采用面板上 clDice 的 K = {k}"),
    (
        "overlays.iterations.board_help",
        "Show the skeletons at the iterations the board's clDice loss uses",
        "按面板上 clDice 损失所用的迭代次数显示骨架",
    ),
    ("overlays.readout", "Overlay read-out", "叠加图读数"),
    (
        "overlays.hover_hint",
        "Hover an overlay (or focus it and use the arrow keys) to read the four values at that pixel.",
        "将鼠标悬停在任一叠加图上（或聚焦后使用方向键），即可读取该像素处的四个值。",
    ),
];
