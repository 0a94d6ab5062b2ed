//! The square pixel grid a scene lives on.

use serde::{Deserialize, Serialize};

/// The side lengths the app offers; the grid is square.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum GridSize {
    /// 32 × 32 pixels.
    S32,
    /// 64 × 64 pixels (the default).
    #[default]
    S64,
    /// 128 × 128 pixels.
    S128,
    /// 256 × 256 pixels.
    S256,
}

impl GridSize {
    /// Every size, smallest first.
    pub const ALL: [GridSize; 4] = [GridSize::S32, GridSize::S64, GridSize::S128, GridSize::S256];

    /// Side length in pixels.
    pub fn side(self) -> usize {
        match self {
            GridSize::S32 => 32,
            GridSize::S64 => 64,
            GridSize::S128 => 128,
            GridSize::S256 => 256,
        }
    }

    /// Number of pixels, `side²`.
    pub fn pixels(self) -> usize {
        self.side() * self.side()
    }

    /// The largest object the generators make: half the image.
    pub fn max_area(self) -> usize {
        self.pixels() / 2
    }

    /// The size whose side is `side`, if it is one of [`GridSize::ALL`].
    pub fn from_side(side: usize) -> Option<GridSize> {
        GridSize::ALL.into_iter().find(|g| g.side() == side)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_64_and_sides_round_trip() {
        assert_eq!(GridSize::default().side(), 64);
        for g in GridSize::ALL {
            assert_eq!(GridSize::from_side(g.side()), Some(g));
        }
        assert_eq!(GridSize::from_side(100), None);
        assert_eq!(GridSize::S32.max_area(), 512);
    }
}
