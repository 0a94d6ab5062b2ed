//! The shape every sweep fills: panels of named curves, and the job that fills them.

/// One curve: its loss (if it belongs to one), a variant tag (`"t=1"`, `"bg=0.01"`, `"γ=2"`…)
/// and its points.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    /// The loss whose colour it takes; `None` for reference curves.
    pub loss: Option<crate::LossName>,
    /// What distinguishes it from the panel's other curves of the same loss (may be empty).
    pub variant: String,
    /// Whether it is a secondary (dashed) curve.
    pub dashed: bool,
    /// `(x, y)` in sweep order.
    pub points: Vec<(f64, f64)>,
}

impl Curve {
    /// An empty curve.
    pub fn new(loss: Option<crate::LossName>, variant: impl Into<String>, dashed: bool) -> Curve {
        Curve { loss, variant: variant.into(), dashed, points: Vec::new() }
    }

    /// The name shown in legends and CSV: `loss variant`.
    pub fn label(&self) -> String {
        match (self.loss, self.variant.is_empty()) {
            (Some(l), true) => l.as_str().to_string(),
            (Some(l), false) => format!("{l} {}", self.variant),
            (None, _) => self.variant.clone(),
        }
    }

    /// The `y` at `x` exactly, if the curve has that point.
    pub fn y_at(&self, x: f64) -> Option<f64> {
        self.points.iter().find(|p| p.0 == x).map(|p| p.1)
    }
}

/// A point marked on a panel: the current value of a parameter, an identity's point.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// The loss whose colour it takes; `None` for neutral marks.
    pub loss: Option<crate::LossName>,
    /// Where.
    pub x: f64,
    /// Where (`None`: a vertical line at `x`).
    pub y: Option<f64>,
    /// Its label.
    pub label: String,
}

/// One panel: an id the chart code knows (axes, units, scales), curves and marks.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// Identifies the panel's axes and title (e.g. `"value"`, `"grad_logit"`).
    pub id: &'static str,
    /// The curves.
    pub curves: Vec<Curve>,
    /// Marked points.
    pub markers: Vec<Marker>,
    /// Live one-line figures shown under the panel (e.g. an identity check).
    pub notes: Vec<String>,
    /// A word the panel's title and axis need (the swept parameter's name); may be empty.
    pub label: String,
}

impl Panel {
    /// An empty panel.
    pub fn new(id: &'static str) -> Panel {
        Panel {
            id,
            curves: Vec::new(),
            markers: Vec::new(),
            notes: Vec::new(),
            label: String::new(),
        }
    }

    /// The curve with this label, if any.
    pub fn curve(&self, label: &str) -> Option<&Curve> {
        self.curves.iter().find(|c| c.label() == label)
    }
}

/// A figure's numbers: its id and its panels.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureData {
    /// The figure (`pixel-curves`, `size-sweep`…).
    pub id: super::settings::FigureId,
    /// Its panels, in reading order.
    pub panels: Vec<Panel>,
    /// Figure-wide notes (what was held fixed, what was skipped).
    pub notes: Vec<String>,
}

impl FigureData {
    /// The panel with this id, if any.
    pub fn panel(&self, id: &str) -> Option<&Panel> {
        self.panels.iter().find(|p| p.id == id)
    }

    /// The data as CSV: `panel,curve,x,y`, one row per point.
    pub fn to_csv(&self) -> String {
        panels_csv(&self.panels)
    }
}

/// Panels as CSV: `panel,curve,x,y`, one row per point (every chart's export).
pub fn panels_csv(panels: &[Panel]) -> String {
    let mut out = String::from("panel,curve,x,y\n");
    for panel in panels {
        for curve in &panel.curves {
            let label = curve.label().replace(['"', ','], " ");
            for &(x, y) in &curve.points {
                out.push_str(&format!("{},{label},{x},{y}\n", panel.id));
            }
        }
    }
    out
}

/// One step of a job: fills part of the data (a figure's by default).
pub type Step<D = FigureData> = Box<dyn FnMut(&mut D)>;
/// Runs once after the last step.
pub type Finish<D = FigureData> = Box<dyn FnOnce(&mut D)>;

/// A computation as small steps, so a caller can spread it over frames: a figure's
/// ([`FigureData`], the default) or another chart's numbers (the multi-class class-size sweep).
pub struct Job<D = FigureData> {
    data: D,
    steps: Vec<Step<D>>,
    done: usize,
    finish: Option<Finish<D>>,
}

impl std::fmt::Debug for Job<FigureData> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Job({:?}, {}/{})", self.data.id, self.done, self.steps.len())
    }
}

impl<D> Job<D> {
    /// A job that fills `data` by running `steps` in order, then `finish` once.
    pub fn new(data: D, steps: Vec<Step<D>>, finish: Option<Finish<D>>) -> Job<D> {
        Job { data, steps, done: 0, finish }
    }

    /// Number of steps.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether the job has no steps.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Steps done so far.
    pub fn done(&self) -> usize {
        self.done
    }

    /// Runs the next step; `false` once every step has run (the finish runs then).
    pub fn step(&mut self) -> bool {
        if self.done < self.steps.len() {
            (self.steps[self.done])(&mut self.data);
            self.done += 1;
        }
        if self.done >= self.steps.len() {
            if let Some(finish) = self.finish.take() {
                finish(&mut self.data);
            }
            return false;
        }
        true
    }

    /// Whether every step has run.
    pub fn is_done(&self) -> bool {
        self.done >= self.steps.len() && self.finish.is_none()
    }

    /// Runs every remaining step and returns the data.
    pub fn run(mut self) -> D {
        while self.step() {}
        self.data
    }

    /// The data so far (complete once [`Job::is_done`]).
    pub fn into_data(self) -> D {
        self.data
    }
}
