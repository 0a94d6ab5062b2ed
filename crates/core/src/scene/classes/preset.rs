//! The multi-class scene's presets: where each class's object sits, its shape and its
//! default area, for up to [`MAX_CLASSES`] foreground classes.

use super::super::generate::Shape;
use super::super::grid::GridSize;

/// Most foreground classes (channels `C = classes + 1`, background first).
pub const MAX_CLASSES: usize = 4;

/// The shapes a class's object can take: the region shapes of the binary generator, whose
/// area is exact.
pub const CLASS_SHAPES: [Shape; 4] = [Shape::Disc, Shape::Square, Shape::Ship, Shape::Several];

/// A layout of classes of different sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ClassPreset {
    /// Class 1 one large organ (20 % of the image), class 2 one tiny lesion (6 px).
    #[default]
    OrganLesion,
    /// Three organs of different sizes (18 %, 6 %, 2 %).
    ThreeOrgans,
    /// Class 1 large (20 %), class 2 several tiny lesions (24 px in four blobs).
    Lesions,
}

/// What a preset says about one class: shape, area (a fraction of the image, or pixels),
/// centre as fractions of the side.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Slot {
    shape: Shape,
    area: Area,
    x: f64,
    y: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Area {
    /// A share of the image's pixels.
    Share(f64),
    /// Pixels, whatever the grid.
    Pixels(usize),
}

const fn slot(shape: Shape, area: Area, x: f64, y: f64) -> Slot {
    Slot { shape, area, x, y }
}

// Slots 3 and 4 of every preset are the classes one adds with the class count: a small
// organ and a tiny structure, in the bottom corners, away from the first two.
const EXTRA: [Slot; 2] = [
    slot(Shape::Square, Area::Share(0.03), 0.2, 0.82),
    slot(Shape::Disc, Area::Pixels(12), 0.86, 0.86),
];

const ORGAN_LESION: [Slot; MAX_CLASSES] = [
    slot(Shape::Disc, Area::Share(0.2), 0.38, 0.42),
    slot(Shape::Disc, Area::Pixels(6), 0.8, 0.26),
    EXTRA[0],
    EXTRA[1],
];

const THREE_ORGANS: [Slot; MAX_CLASSES] = [
    slot(Shape::Disc, Area::Share(0.18), 0.3, 0.35),
    slot(Shape::Square, Area::Share(0.06), 0.74, 0.3),
    slot(Shape::Ship, Area::Share(0.02), 0.6, 0.76),
    slot(Shape::Disc, Area::Pixels(12), 0.14, 0.86),
];

const LESIONS: [Slot; MAX_CLASSES] = [
    slot(Shape::Disc, Area::Share(0.2), 0.3, 0.38),
    slot(Shape::Several, Area::Pixels(24), 0.76, 0.66),
    EXTRA[0],
    slot(Shape::Disc, Area::Pixels(12), 0.86, 0.14),
];

impl ClassPreset {
    /// Every preset, in the order the app lists them.
    pub const ALL: [ClassPreset; 3] =
        [ClassPreset::OrganLesion, ClassPreset::ThreeOrgans, ClassPreset::Lesions];

    /// The stable identifier (option value, link value).
    pub fn as_str(self) -> &'static str {
        match self {
            ClassPreset::OrganLesion => "organ-lesion",
            ClassPreset::ThreeOrgans => "three-organs",
            ClassPreset::Lesions => "lesions",
        }
    }

    /// Parses [`ClassPreset::as_str`].
    pub fn parse(s: &str) -> Option<ClassPreset> {
        ClassPreset::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// The number of foreground classes the preset starts with.
    pub fn classes(self) -> usize {
        match self {
            ClassPreset::OrganLesion | ClassPreset::Lesions => 2,
            ClassPreset::ThreeOrgans => 3,
        }
    }

    fn slots(self) -> &'static [Slot; MAX_CLASSES] {
        match self {
            ClassPreset::OrganLesion => &ORGAN_LESION,
            ClassPreset::ThreeOrgans => &THREE_ORGANS,
            ClassPreset::Lesions => &LESIONS,
        }
    }

    /// Class `c`'s (1-based) default shape.
    pub fn shape(self, c: usize) -> Shape {
        self.slots()[c.clamp(1, MAX_CLASSES) - 1].shape
    }

    /// Class `c`'s (1-based) default area in pixels on `grid` (a share rounds to the nearest
    /// pixel).
    pub fn area(self, c: usize, grid: GridSize) -> usize {
        match self.slots()[c.clamp(1, MAX_CLASSES) - 1].area {
            Area::Share(f) => (f * grid.pixels() as f64).round() as usize,
            Area::Pixels(n) => n,
        }
    }

    /// Class `c`'s (1-based) centre, as fractions of the side (seed 0: no jitter).
    pub fn centre(self, c: usize) -> (f64, f64) {
        let s = self.slots()[c.clamp(1, MAX_CLASSES) - 1];
        (s.x, s.y)
    }
}
