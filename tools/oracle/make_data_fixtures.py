#!/usr/bin/env python3
"""Fixtures for the "own data" readers (issue #19): real files made by NumPy, nibabel and Pillow.

Writes everything under fixtures/data/ (the folder is deleted and rebuilt on every run):
- files/     one small file per reader case: PNG (Pillow; pypng where Pillow cannot write the
             case: 16-bit grey+alpha, 16-bit RGB, 2- and 4-bit grey, Adam7 interlace), NumPy .npy
             (np.save) and NIfTI-1/NIfTI-2 .nii / .nii.gz (nibabel; gzip done here with mtime 0);
- bad/       files the readers must refuse, each with the word the one-line reason must contain;
- set2d/     6 pairs of 48x48 (targets/, preds/, images/) covering every object-size bin, mixed
             formats, paired by file stem; set2d.zip holds the same three folders;
- set3d/     2 pairs of 6x24x24 volumes (.nii.gz targets, float32 .npy predictions);
- set_bad/   one good pair, a shape mismatch, an unpaired target, an unpaired prediction and a
             prediction with NaN;
- set_logits/ 2 pairs whose predictions are float32 logits;
- manifest.json  what each file must decode to (float64, C order, after the reading rules of
             issue #19), the refusal word of every bad file and the expected pairs of every set;
- README.md  every file and why it exists (generated from the same notes as the manifest).

Reading rules (issue #19, what the Rust readers follow and what `values` in the manifest obey):
shapes are [H, W] or [D, H, W] in C order; NIfTI keeps nibabel's axis order img.shape, with a
trailing size-1 dimension beyond the second dropped; a target is nonzero -> 1; a PNG prediction
is value / (2^bitdepth - 1); integer NIfTI data are read raw, floating-point NIfTI data get
scl_slope/scl_inter unless the slope is 0 (or not finite: nibabel's rule, see README).

Everything is deterministic: seeds come from each case's name, gzip members have mtime 0, zip
entries a fixed 1980-01-01 date, so a rerun with the same library versions (requirements.txt)
rewrites identical bytes. After writing, the script re-reads every file with an independent
reference reader written below from the rules (struct/zlib/pypng, not the library that wrote
the file) and with the libraries (Pillow, pypng, np.load with mmap, nib.load), asserts the
manifest, asserts every bad file is refused with its word, and prints the total size.

Run:  /work/oracle-venv/bin/python tools/oracle/make_data_fixtures.py
(needs numpy, nibabel, Pillow and pypng; see tools/oracle/requirements.txt)
"""

import ast
import gzip
import hashlib
import io
import json
import shutil
import struct
import sys
import zipfile
import zlib
from itertools import product
from pathlib import Path

import nibabel as nib
import numpy as np
import PIL
import png  # pypng
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "fixtures" / "data"
GEN = "tools/oracle/make_data_fixtures.py"

SHAPE2 = (12, 16)  # 2-D reader cases: [H, W]
SHAPE3 = (3, 8, 10)  # 3-D .npy cases: [D, H, W]
NII3 = (10, 8, 3)  # 3-D NIfTI cases: nibabel's (dim1, dim2, dim3)
AFFINE = np.diag([0.8, 0.9, 2.5, 1.0])
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

LIMIT_FILES = 500
LIMIT_BYTES = 256 * 1024 * 1024
LIMIT_SIDE_2D = 2048
LIMIT_VOXELS_3D = 256 * 256 * 256

MANIFEST = {
    "generator": GEN,
    "versions": {
        "numpy": np.__version__,
        "nibabel": nib.__version__,
        "Pillow": PIL.__version__,
        "pypng": png.__version__,
    },
    "limits": {
        "files": LIMIT_FILES,
        "bytes": LIMIT_BYTES,
        "side_2d": LIMIT_SIDE_2D,
        "voxels_3d": LIMIT_VOXELS_3D,
    },
    "files": [],
    "bad": [],
    "sets": [],
}
NOTES = {}  # relative path -> why the file exists (README)
WRITER = {}  # relative path -> which library wrote it (for the cross-read)


# ----------------------------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------------------------
def rng(name):
    """A generator seeded from the case's name, so adding a case never changes another."""
    return np.random.default_rng(int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "little"))


def write(rel, data, note, writer):
    p = OUT / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
    NOTES[rel] = note
    WRITER[rel] = writer


def flist(a):
    return [float(x) for x in np.asarray(a, dtype=np.float64).ravel(order="C")]


def png_pillow(im, **kw):
    b = io.BytesIO()
    im.save(b, format="PNG", **kw)
    return b.getvalue()


def png_pypng(rows, width, height, **kw):
    b = io.BytesIO()
    png.Writer(width, height, **kw).write(b, [list(map(int, r)) for r in rows])
    return b.getvalue()


def npy_bytes(a):
    b = io.BytesIO()
    np.save(b, a, allow_pickle=False)
    return b.getvalue()


def npy_header_bytes(descr, fortran, shape):
    b = io.BytesIO()
    np.lib.format.write_array_header_1_0(b, {"descr": descr, "fortran_order": fortran, "shape": shape})
    return b.getvalue()


def gz(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


def zip_bytes(entries, dirs=()):
    """entries: [(name, bytes)]; dirs: directory entries written first (as `zip -r` does)."""
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for d in dirs:
            zi = zipfile.ZipInfo(d.rstrip("/") + "/", date_time=ZIP_DATE)
            zi.create_system = 3
            zi.external_attr = (0o40755 << 16) | 0x10
            zf.writestr(zi, b"")
        for name, data in entries:
            zi = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            zi.create_system = 3
            zi.external_attr = 0o100644 << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(zi, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return b.getvalue()


def nonsym_mask(r, shape, frac=0.35):
    m = r.random(shape) < frac
    m.flat[0], m.flat[-1] = True, False  # both values present, never symmetric by accident
    return m


def probs(r, shape):
    p = r.random(shape)
    p.flat[0], p.flat[-1] = 0.0, 1.0  # the ends of [0, 1] are valid
    return p


def blur(a, rad=1):
    """Mean over a (2 rad + 1)^n box, edges replicated (plain NumPy, any dimension)."""
    pad = np.pad(a, rad, mode="edge")
    acc = np.zeros(a.shape, dtype=np.float64)
    offs = list(product(range(2 * rad + 1), repeat=a.ndim))
    for o in offs:
        acc += pad[tuple(slice(k, k + n) for k, n in zip(o, a.shape))]
    return acc / len(offs)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# ----------------------------------------------------------------------------------------------
# manifest entries
# ----------------------------------------------------------------------------------------------
def add_file(rel, data, writer, role, shape, raw, note, values=None, **extra):
    """role: target (values = nonzero -> 1), prediction (values given or raw), logits (raw)."""
    write(rel, data, note, writer)
    raw = np.asarray(raw, dtype=np.float64)
    assert list(raw.shape) == list(shape), (rel, raw.shape, shape)
    if role == "target":
        vals = (raw != 0).astype(np.float64)
    elif values is not None:
        vals = np.asarray(values, dtype=np.float64)
    else:
        vals = raw
    assert list(vals.shape) == list(shape)
    if role == "prediction":
        assert np.all((vals >= 0) & (vals <= 1)), rel
    entry = {"path": rel, "role": role, "shape": list(shape)}
    entry.update(extra)
    entry["note"] = note
    entry["values"] = flist(vals)
    entry["raw"] = flist(raw)
    MANIFEST["files"].append(entry)


def add_bad(rel, data, writer, expect, note, role="target", expect_any=None):
    write(rel, data, note, writer)
    MANIFEST["bad"].append(
        {"path": rel, "role": role, "expect": expect, "expect_any": expect_any or [expect], "note": note}
    )


# ----------------------------------------------------------------------------------------------
# 1. files/: one file per reader case
# ----------------------------------------------------------------------------------------------
def make_png_files():
    H, W = SHAPE2
    r = rng("png_u8_mask_0_255")
    m = nonsym_mask(r, SHAPE2)
    a = m.astype(np.uint8) * 255
    add_file("files/png_u8_mask_0_255.png", png_pillow(Image.fromarray(a)), "Pillow", "target", SHAPE2, a,
             "8-bit grey mask stored as 0/255 (Pillow mode L)", bitdepth=8)

    r = rng("png_u8_mask_0_1")
    a = nonsym_mask(r, SHAPE2).astype(np.uint8)
    add_file("files/png_u8_mask_0_1.png", png_pillow(Image.fromarray(a)), "Pillow", "target", SHAPE2, a,
             "8-bit grey mask stored as 0/1 (looks black in a viewer; nonzero -> 1)", bitdepth=8)

    r = rng("png_u16_mask_0_1")
    a = nonsym_mask(r, SHAPE2).astype(np.uint16)
    im = Image.fromarray(a)
    assert im.mode == "I;16"
    add_file("files/png_u16_mask_0_1.png", png_pillow(im), "Pillow", "target", SHAPE2, a,
             "16-bit grey mask stored as 0/1 (Pillow mode I;16): today's `losslab eval` converts to "
             "8 bits first and reads it as empty", bitdepth=16)

    r = rng("png_u16_prob")
    a = r.integers(0, 65536, SHAPE2, dtype=np.uint16)
    a.flat[0], a.flat[-1] = 0, 65535
    add_file("files/png_u16_prob.png", png_pillow(Image.fromarray(a)), "Pillow", "prediction", SHAPE2, a,
             "16-bit grey probability map: value / 65535", values=a / 65535.0, bitdepth=16)

    r = rng("png_u8_prob")
    a = r.integers(0, 256, SHAPE2, dtype=np.uint8)
    a.flat[0], a.flat[-1] = 0, 255
    add_file("files/png_u8_prob.png", png_pillow(Image.fromarray(a)), "Pillow", "prediction", SHAPE2, a,
             "8-bit grey probability map: value / 255", values=a / 255.0, bitdepth=8)

    r = rng("png_rgb_grey_mask")
    g = nonsym_mask(r, SHAPE2).astype(np.uint8) * 200
    im = Image.fromarray(np.stack([g, g, g], axis=-1))
    assert im.mode == "RGB"
    add_file("files/png_rgb_grey_mask.png", png_pillow(im), "Pillow", "target", SHAPE2, g,
             "8-bit RGB mask with R = G = B in {0, 200} (nonzero -> 1)", bitdepth=8)

    r = rng("png_rgba_grey_prob")
    g = r.integers(0, 256, SHAPE2, dtype=np.uint8)
    g.flat[0], g.flat[-1] = 0, 255
    alpha = r.integers(0, 256, SHAPE2, dtype=np.uint8)
    alpha.flat[0] = 0  # fully transparent pixel with grey 0: alpha is ignored, not premultiplied
    alpha.flat[5] = 0
    im = Image.fromarray(np.stack([g, g, g, alpha], axis=-1))
    assert im.mode == "RGBA"
    add_file("files/png_rgba_grey_prob.png", png_pillow(im), "Pillow", "prediction", SHAPE2, g,
             "8-bit RGBA, R = G = B random grey, alpha random (some 0): alpha ignored, value / 255",
             values=g / 255.0, bitdepth=8)

    r = rng("png_palette_grey_mask")
    palette_grey = np.array([255, 0, 128, 64], dtype=np.uint8)  # index 0 is WHITE: indices are not values
    idx = r.integers(0, 4, SHAPE2, dtype=np.uint8)
    idx.flat[0], idx.flat[1], idx.flat[2], idx.flat[3] = 0, 1, 2, 3
    im = Image.frombytes("P", (W, H), idx.tobytes())
    im.putpalette([int(v) for v in np.repeat(palette_grey, 3)])
    g = palette_grey[idx]
    add_file("files/png_palette_grey_mask.png", png_pillow(im), "Pillow", "target", SHAPE2, g,
             "palette (P) image, 4 grey entries [255, 0, 128, 64] (Pillow writes it at 2 bits/pixel); "
             "index 0 is white, so a reader that uses indices instead of palette values gets it wrong; "
             "raw = the palette grey value", bitdepth=8, palette=[int(v) for v in palette_grey])

    r = rng("png_1bit_mask")
    m = nonsym_mask(r, SHAPE2, 0.5)
    im = Image.fromarray(m)
    assert im.mode == "1"
    add_file("files/png_1bit_mask.png", png_pillow(im), "Pillow", "target", SHAPE2, m.astype(np.uint8),
             "1-bit grey mask (Pillow mode 1); raw = the 0/1 sample (as a prediction it would be "
             "0/255 / 255 = 0/1)", bitdepth=1)

    # -- grey+alpha and sub-byte depths
    r = rng("png_u8_grey_alpha_prob")
    g = r.integers(0, 256, SHAPE2, dtype=np.uint8)
    alpha = r.integers(0, 256, SHAPE2, dtype=np.uint8)
    im = Image.fromarray(np.stack([g, alpha], axis=-1))
    assert im.mode == "LA"
    add_file("files/png_u8_grey_alpha_prob.png", png_pillow(im), "Pillow", "prediction", SHAPE2, g,
             "8-bit grey+alpha (Pillow mode LA): alpha ignored, value / 255", values=g / 255.0, bitdepth=8)

    r = rng("png_u16_grey_alpha_mask")
    g = nonsym_mask(r, SHAPE2).astype(np.uint16) * 65535
    alpha = r.integers(0, 65536, SHAPE2, dtype=np.uint16)
    rows = np.stack([g, alpha], axis=-1).reshape(H, W * 2)
    add_file("files/png_u16_grey_alpha_mask.png",
             png_pypng(rows, W, H, greyscale=True, alpha=True, bitdepth=16), "pypng", "target", SHAPE2, g,
             "16-bit grey+alpha mask 0/65535, alpha random (pypng: Pillow reads 16-bit LA as 8 bits)",
             bitdepth=16)

    r = rng("png_u16_rgb_grey_prob")
    g = r.integers(0, 65536, SHAPE2, dtype=np.uint16)
    g.flat[0], g.flat[-1] = 65535, 0
    rows = np.stack([g, g, g], axis=-1).reshape(H, W * 3)
    add_file("files/png_u16_rgb_grey_prob.png", png_pypng(rows, W, H, greyscale=False, bitdepth=16),
             "pypng", "prediction", SHAPE2, g,
             "16-bit RGB with R = G = B: value / 65535 (pypng: Pillow cannot write 16-bit RGB and reads it "
             "as 8 bits)", values=g / 65535.0, bitdepth=16)

    r = rng("png_2bit_grey_prob")
    g = r.integers(0, 4, SHAPE2, dtype=np.uint8)
    g.flat[0], g.flat[-1] = 0, 3
    add_file("files/png_2bit_grey_prob.png", png_pypng(g, W, H, greyscale=True, bitdepth=2), "pypng",
             "prediction", SHAPE2, g,
             "2-bit grey: value / 3 (= the 8-bit expansion value * 85 / 255, the same f64)",
             values=g / 3.0, bitdepth=2)

    r = rng("png_4bit_grey_mask")
    g = nonsym_mask(r, SHAPE2).astype(np.uint8) * r.integers(1, 16, SHAPE2, dtype=np.uint8)
    add_file("files/png_4bit_grey_mask.png", png_pypng(g, W, H, greyscale=True, bitdepth=4), "pypng",
             "target", SHAPE2, g, "4-bit grey label-like mask, values 0..15 (nonzero -> 1)", bitdepth=4)

    r = rng("png_u8_prob_interlaced")
    g = r.integers(0, 256, SHAPE2, dtype=np.uint8)
    add_file("files/png_u8_prob_interlaced.png", png_pypng(g, W, H, greyscale=True, bitdepth=8, interlace=True),
             "pypng", "prediction", SHAPE2, g, "8-bit grey, Adam7 interlaced: value / 255",
             values=g / 255.0, bitdepth=8)


def make_npy_files():
    def npy(rel, arr, role, raw, note, values=None):
        add_file(rel, npy_bytes(arr), "NumPy", role, arr.shape, raw, note, values=values,
                 dtype=arr.dtype.str, fortran_order=bool(arr.flags.f_contiguous and not arr.flags.c_contiguous))

    m = nonsym_mask(rng("npy_bool_mask"), SHAPE2)
    npy("files/npy_bool_mask.npy", m, "target", m, "bool mask (|b1)")
    a = nonsym_mask(rng("npy_u8_mask"), SHAPE2).astype(np.uint8)
    npy("files/npy_u8_mask.npy", a, "target", a, "uint8 mask 0/1 (also valid as a prediction: integers 0/1)")
    a = nonsym_mask(rng("npy_u16_mask"), SHAPE2).astype(np.uint16) * 255
    npy("files/npy_u16_mask.npy", a, "target", a, "uint16 mask 0/255 (<u2)")
    a = rng("npy_i32_labels").integers(0, 4, SHAPE2).astype(np.int32)
    a.flat[0], a.flat[-1] = 3, 0
    npy("files/npy_i32_labels.npy", a, "target", a, "int32 label map 0..3 (<i4): nonzero -> 1")
    a = nonsym_mask(rng("npy_i64_mask"), SHAPE2).astype(np.int64)
    npy("files/npy_i64_mask.npy", a, "target", a, "int64 mask 0/1 (<i8)")
    p = probs(rng("npy_f32_prob"), SHAPE2).astype(np.float32)
    npy("files/npy_f32_prob.npy", p, "prediction", p, "float32 probabilities in [0, 1] (0 and 1 included)")
    p = probs(rng("npy_f64_prob"), SHAPE2)
    npy("files/npy_f64_prob.npy", p, "prediction", p, "float64 probabilities in [0, 1]")
    z = (rng("npy_f32_logits").random(SHAPE2) * 12 - 6).astype(np.float32)
    npy("files/npy_f32_logits.npy", z, "logits", z, "float32 logits in about [-6, 6] (read with the logits switch)")
    p = np.asfortranarray(probs(rng("npy_f64_prob_fortran"), SHAPE2))
    npy("files/npy_f64_prob_fortran.npy", p, "prediction", p,
        "float64 probabilities, fortran_order: True (values listed in C order)")
    p = probs(rng("npy_f64_prob_bigendian"), SHAPE2).astype(">f8")
    npy("files/npy_f64_prob_bigendian.npy", p, "prediction", p, "big-endian float64 (>f8) probabilities")
    a = rng("npy_i32_labels_bigendian").integers(0, 4, SHAPE2).astype(">i4")
    a.flat[0], a.flat[-1] = 2, 0
    npy("files/npy_i32_labels_bigendian.npy", a, "target", a,
        "big-endian int32 (>i4) label map 0..3; raw shows the values (byte-swapped they would be 2^24 etc.)")
    p = probs(rng("npy3d_f32_prob"), SHAPE3).astype(np.float32)
    npy("files/npy3d_f32_prob.npy", p, "prediction", p, "3-D [3, 8, 10] float32 probabilities, C order")
    p = np.asfortranarray(probs(rng("npy3d_f64_prob_fortran"), SHAPE3))
    npy("files/npy3d_f64_prob_fortran.npy", p, "prediction", p,
        "3-D [3, 8, 10] float64 probabilities, Fortran order (values listed in C order)")
    a = nonsym_mask(rng("npy3d_u8_mask"), SHAPE3).astype(np.uint8)
    npy("files/npy3d_u8_mask.npy", a, "target", a, "3-D [3, 8, 10] uint8 mask 0/1")
    a = nonsym_mask(rng("npy_u16_mask_bigendian"), SHAPE2).astype(">u2") * 258
    npy("files/npy_u16_mask_bigendian.npy", a, "target", a,
        "big-endian uint16 (>u2) mask 0/258 (258 = 0x0102, byte-swapped 513)")


def nii_slope_inter(data, nifti2=False):
    e = "<" if struct.unpack("<i", data[:4])[0] in (348, 540) else ">"
    if nifti2:
        return struct.unpack(e + "dd", data[176:192])
    return struct.unpack(e + "ff", data[112:120])


def make_nifti_files():
    def nii(rel, img, role, raw, note, values=None, gzipped=False, patch=None, **extra):
        data = img.to_bytes()
        if patch:
            data = patch(bytearray(data))
        nifti2 = isinstance(img, nib.Nifti2Image)
        back = nib.Nifti2Image.from_bytes(data) if nifti2 else nib.Nifti1Image.from_bytes(data)
        raw = np.asarray(raw)
        # nibabel agrees with what the manifest says the file holds
        assert np.array_equal(np.asanyarray(back.dataobj.get_unscaled()).reshape(raw.shape), raw), rel
        slope, inter = nii_slope_inter(bytes(data), nifti2)
        extra.update(
            dtype=str(back.get_data_dtype()),
            nibabel_shape=list(back.shape),
            nifti_version=2 if nifti2 else 1,
            scl_slope=None if np.isnan(slope) else float(slope),
            scl_inter=None if np.isnan(inter) else float(inter),
        )
        if gzipped:
            data = gz(bytes(data))
        add_file(rel, bytes(data), "nibabel", role, raw.shape, raw, note, values=values, **extra)
        return back

    m = nonsym_mask(rng("nii_u8_mask_2d"), SHAPE2).astype(np.uint8)
    nii("files/nii_u8_mask_2d.nii", nib.Nifti1Image(m, AFFINE), "target", m, "2-D uint8 mask, NIfTI-1 .nii (dim[0] = 2)")

    a = nonsym_mask(rng("nii_i16_mask_3d"), NII3).astype(np.int16)
    nii("files/nii_i16_mask_3d.nii.gz", nib.Nifti1Image(a, AFFINE), "target", a,
        "3-D int16 mask, shape = nibabel's (dim1, dim2, dim3) = (10, 8, 3); data on disk are Fortran "
        "order, values here C order of that shape", gzipped=True)

    raw = (rng("nii_f32_prob_scaled").random(NII3) * 1.79).astype(np.float32)
    raw.flat[0] = 0.0
    img = nib.Nifti1Image(raw, AFFINE)
    img.header.set_slope_inter(0.5, 0.1)  # nibabel keeps them and writes raw unscaled
    back = nii("files/nii_f32_prob_scaled.nii.gz", img, "prediction", raw,
               "float32 with scl_slope = 0.5, scl_inter = 0.1 (stored as float32: 0.1 is "
               "0.10000000149011612): values = f64(raw) * f64(slope) + f64(inter), two roundings, no FMA; "
               "all in [0.1, 1]",
               values=raw.astype(np.float64) * float(np.float32(0.5)) + float(np.float32(0.1)), gzipped=True)
    expect = raw.astype(np.float64) * float(np.float32(0.5)) + float(np.float32(0.1))
    assert np.array_equal(back.get_fdata(), expect), "nibabel's scaling differs from raw*slope+inter in f64"

    raw = probs(rng("nii_f64_prob_slope0"), NII3)
    img = nib.Nifti1Image(raw, AFFINE)
    img.header["scl_slope"] = 0.0
    img.header["scl_inter"] = 0.25
    back = nii("files/nii_f64_prob_slope0.nii", img, "prediction", raw,
               "float64 with scl_slope = 0 and scl_inter = 0.25: slope 0 means no scaling (NIfTI standard; "
               "nibabel agrees: get_fdata() is the raw data, the intercept is ignored too)")
    assert np.array_equal(back.get_fdata(), raw)

    raw = probs(rng("nii_f32_prob_slope_nan"), NII3).astype(np.float32)

    def nan_slope(b):
        struct.pack_into("<ff", b, 112, float("nan"), float("nan"))
        return b

    back = nii("files/nii_f32_prob_slope_nan.nii", nib.Nifti1Image(raw, AFFINE), "prediction", raw,
               "float32 with scl_slope = scl_inter = NaN (header bytes patched after nibabel wrote 1/0; "
               "other tools write NaN): not finite slope = no scaling, as nibabel reads it", patch=nan_slope)
    assert np.array_equal(back.get_fdata(), raw)

    raw = (nonsym_mask(rng("nii_i16_mask_slope2"), NII3) * rng("nii_i16_mask_slope2b").integers(1, 4, NII3)).astype(np.int16)
    img = nib.Nifti1Image(raw, AFFINE)
    img.header.set_slope_inter(2.0, 1.0)
    back = nii("files/nii_i16_mask_slope2_inter1.nii.gz", img, "target", raw,
               "int16 mask/label map 0..3 with scl_slope = 2, scl_inter = 1: integers are read RAW "
               "(nibabel's get_fdata() would give 2 raw + 1, i.e. every voxel nonzero)", gzipped=True)
    assert np.array_equal(back.get_fdata(), raw * 2.0 + 1.0)

    raw = probs(rng("nii_f32_prob_bigendian"), NII3).astype(np.float32)
    img = nib.Nifti1Image(raw, AFFINE, header=nib.Nifti1Header(endianness=">"))
    back = nii("files/nii_f32_prob_bigendian.nii", img, "prediction", raw,
               "big-endian NIfTI-1 (header and data '>', sizeof_hdr bytes 00 00 01 5c), float32 probabilities")
    assert back.header.endianness == ">"

    m = nonsym_mask(rng("nii_u8_mask_xy1"), SHAPE2 + (1,)).astype(np.uint8)
    nii("files/nii_u8_mask_xy1.nii.gz", nib.Nifti1Image(m, AFFINE), "target", m[:, :, 0],
        "uint8 volume of nibabel shape (12, 16, 1): the trailing 1 is dropped, expected shape [12, 16]",
        gzipped=True)

    raw = probs(rng("nii2_f32_prob"), NII3).astype(np.float32)
    nii("files/nii2_f32_prob.nii", nib.Nifti2Image(raw, AFFINE), "prediction", raw,
        "NIfTI-2 (sizeof_hdr 540, vox_offset 544), float32 probabilities")

    m = nonsym_mask(rng("nii2_u8_mask_2d"), SHAPE2).astype(np.uint8)
    nii("files/nii2_u8_mask_2d.nii.gz", nib.Nifti2Image(m, AFFINE), "target", m, "NIfTI-2 2-D uint8 mask, gzipped",
        gzipped=True)

    a = nonsym_mask(rng("nii_u16_mask"), NII3).astype(np.uint16) * 1000
    nii("files/nii_u16_mask.nii.gz", nib.Nifti1Image(a, AFFINE), "target", a, "uint16 mask 0/1000 (datatype 512)",
        gzipped=True)

    a = rng("nii_i32_labels").integers(0, 4, NII3).astype(np.int32)
    a.flat[0], a.flat[-1] = 3, 0
    nii("files/nii_i32_labels.nii.gz", nib.Nifti1Image(a, AFFINE), "target", a, "int32 label map 0..3 (datatype 8)",
        gzipped=True)

    raw = probs(rng("nii_f64_prob"), NII3)
    nii("files/nii_f64_prob.nii.gz", nib.Nifti1Image(raw, AFFINE), "prediction", raw,
        "float64 probabilities (datatype 64), slope 1 / inter 0 as nibabel writes them", gzipped=True)


# ----------------------------------------------------------------------------------------------
# 2. bad/
# ----------------------------------------------------------------------------------------------
def find_corrupt_deflate(gzdata, plain_len):
    """Overwrite bytes in the middle of the deflate stream until zlib reports an invalid stream
    (not merely a CRC mismatch at the end) well before all the data came out."""
    mid = len(gzdata) // 2
    for shift in range(0, 400):
        for pattern in (b"\xff" * 24, b"\x00" * 24, bytes(range(7, 31))):
            b = bytearray(gzdata)
            pos = mid + shift
            b[pos:pos + len(pattern)] = pattern
            d = zlib.decompressobj(31)
            out = 0
            try:
                for i in range(0, len(b), 64):
                    out += len(d.decompress(bytes(b[i:i + 64])))
            except zlib.error as e:
                if "invalid" in str(e) and out < plain_len:
                    return bytes(b), str(e), pos
    raise AssertionError("no corruption found")


def make_bad_files():
    H, W = SHAPE2
    # --- npy
    full = npy_bytes(probs(rng("bad_npy_trunc"), SHAPE2))
    add_bad("bad/npy_truncated.npy", full[:-100], "NumPy", "truncated",
            "float64 (12, 16) .npy with its last 100 bytes cut off")
    add_bad("bad/npy_header_3000x3000.npy",
            npy_header_bytes("<f8", False, (3000, 3000)) + np.arange(10, dtype="<f8").tobytes(), "NumPy", "limit",
            "header claims (3000, 3000) float64 but holds 10 values: refused from the header (3000 > 2048)")
    add_bad("bad/npy_header_40x40_100_values.npy",
            npy_header_bytes("<f8", False, (40, 40)) + (np.arange(100, dtype="<f8") / 100).tobytes(), "NumPy",
            "truncated", "header claims (40, 40) float64 (1600 values) but holds 100")
    add_bad("bad/npy_complex64.npy", npy_bytes((rng("c64").random(SHAPE2) + 0j).astype(np.complex64)), "NumPy",
            "dtype", "complex64 (<c8)")
    add_bad("bad/npy_float16.npy", npy_bytes(rng("f16").random(SHAPE2).astype(np.float16)), "NumPy", "dtype",
            "float16 (<f2)")
    add_bad("bad/npy_strings_U4.npy", npy_bytes(np.full(SHAPE2, "mask", dtype="<U4")), "NumPy", "dtype",
            "unicode strings (<U4)")
    b = io.BytesIO()
    np.save(b, np.array([[{"a": 1}, None]], dtype=object), allow_pickle=True)
    add_bad("bad/npy_object.npy", b.getvalue(), "NumPy", "dtype", "object array (|O, pickled): never unpickled")
    add_bad("bad/npy_1d.npy", npy_bytes(probs(rng("1d"), (20,))), "NumPy", "shape", "1-D float64 (20,)")
    add_bad("bad/npy_4d.npy", npy_bytes(probs(rng("4d"), (2, 3, 4, 5))), "NumPy", "shape", "4-D float64 (2, 3, 4, 5)")
    p = probs(rng("nan"), SHAPE2).astype(np.float32)
    p[3, 5] = np.nan
    add_bad("bad/npy_prob_nan.npy", npy_bytes(p), "NumPy", "not finite", "float32 probabilities with one NaN at [3, 5]",
            role="prediction")
    p = probs(rng("inf"), SHAPE2)
    p[7, 2] = np.inf
    add_bad("bad/npy_prob_inf.npy", npy_bytes(p), "NumPy", "not finite", "float64 probabilities with +inf at [7, 2]",
            role="prediction")
    p = probs(rng("1.5"), SHAPE2).astype(np.float32)
    p[1, 9] = 1.5
    add_bad("bad/npy_prob_1_5.npy", npy_bytes(p), "NumPy", "outside [0, 1]",
            "float32 probabilities with 1.5 at [1, 9] (fine with the logits switch)", role="prediction")
    p = probs(rng("-0.1"), SHAPE2)
    p[10, 14] = -0.1
    add_bad("bad/npy_prob_neg.npy", npy_bytes(p), "NumPy", "outside [0, 1]",
            "float64 probabilities with -0.1 at [10, 14] (fine with the logits switch)", role="prediction")
    add_bad("bad/npy_random_bytes.npy", rng("junk").integers(0, 256, 300, dtype=np.uint8).tobytes(), "NumPy",
            "not a", "300 random bytes named .npy (no \\x93NUMPY magic)")
    add_bad("bad/not_an_array.txt", b"case01,0.5\ncase02,0.7\nThis is a CSV, not a mask.\n", "Python", "not a",
            "a text file: none of the formats")
    b = io.BytesIO()
    Image.fromarray(nonsym_mask(rng("jpeg"), SHAPE2).astype(np.uint8) * 255).save(b, format="JPEG", quality=95)
    add_bad("bad/mask.jpg", b.getvalue(), "Pillow", "not a",
            "a JPEG mask (Pillow, quality 95): lossy, so not accepted as a mask or prediction")

    # --- NIfTI
    good = bytearray(nib.Nifti1Image(probs(rng("nii_bad"), NII3).astype(np.float32), AFFINE).to_bytes())
    b = bytearray(good)
    struct.pack_into("<i", b, 0, 300)
    add_bad("bad/nii_sizeof_hdr_300.nii", bytes(b), "nibabel", "sizeof_hdr",
            "valid float32 .nii with sizeof_hdr patched to 300 (neither 348 nor 540, in either byte order)")
    add_bad("bad/nii_truncated.nii", bytes(good[: 352 + (len(good) - 352) // 2]), "nibabel", "truncated",
            "float32 (10, 8, 3) .nii cut after half of its data")
    big = probs(rng("nii_gz_bad"), (24, 24, 6)).astype(np.float32)
    plain = nib.Nifti1Image(big, AFFINE).to_bytes()
    corrupt, err, pos = find_corrupt_deflate(gz(plain), len(plain))
    add_bad("bad/nii_gz_corrupt_deflate.nii.gz", corrupt, "nibabel", "gzip",
            f"float32 (24, 24, 6) .nii.gz with bytes overwritten at offset {pos} of {len(corrupt)}: zlib "
            f"says '{err}' before the data end (not just a CRC mismatch)")
    gzd = gz(plain)
    add_bad("bad/nii_gz_truncated.nii.gz", gzd[: len(gzd) // 2], "nibabel", "truncated",
            "float32 (24, 24, 6) .nii.gz cut in the middle of its deflate stream",
            expect_any=["gzip", "truncated"])
    hdr = nib.Nifti1Header()
    hdr.set_data_dtype(np.uint8)
    hdr.set_data_shape((300, 300, 300))
    hdr["vox_offset"] = 352
    add_bad("bad/nii_limit_300cubed.nii", hdr.binaryblock + b"\0" * 4 + bytes(64), "nibabel", "limit",
            "NIfTI-1 header (nibabel) claiming uint8 300x300x300 = 27,000,000 voxels, 64 data bytes: refused "
            "from the header")
    c = (probs(rng("nii_c64"), NII3) + 1j * probs(rng("nii_c64i"), NII3)).astype(np.complex64)
    add_bad("bad/nii_complex64.nii", nib.Nifti1Image(c, AFFINE).to_bytes(), "nibabel", "dtype",
            "NIfTI-1 complex64 (datatype 32)")
    add_bad("bad/nii_4d.nii.gz", gz(nib.Nifti1Image(probs(rng("nii4d"), (4, 5, 3, 2)).astype(np.float32),
                                                       AFFINE).to_bytes()), "nibabel", "shape",
            "4-D float32 (4, 5, 3, 2): the last dimension is not 1, so it is not dropped")

    # --- PNG
    g = rng("png_trunc").integers(0, 256, (48, 48), dtype=np.uint8)
    full = png_pillow(Image.fromarray(g))
    idat = full.index(b"IDAT")
    idat_len = struct.unpack(">I", full[idat - 4:idat])[0]
    add_bad("bad/png_truncated_idat.png", full[: idat + 4 + idat_len // 2], "Pillow", "truncated",
            f"8-bit 48x48 PNG cut in the middle of its IDAT chunk ({idat_len} bytes declared)")
    add_bad("bad/png_limit_3000x3000.png", png_pillow(Image.new("L", (3000, 3000), 0)), "Pillow", "limit",
            "a valid all-zero 8-bit PNG of 3000x3000 (2048 is the largest side)")
    rgb = np.stack([g[:12, :16]] * 3, axis=-1).copy()
    rgb[4, 6, 1] ^= 0x40  # one pixel's green differs
    add_bad("bad/png_rgb_channels_differ.png", png_pillow(Image.fromarray(rgb[:, :, :3])), "Pillow", "channels",
            "RGB PNG whose channels differ at one pixel ([4, 6]): colour is not a mask")

    # --- zip
    tiny = png_pillow(Image.fromarray(np.zeros((2, 2), np.uint8)))
    add_bad("bad/zip_501_files.zip", zip_bytes([(f"targets/case{i:03d}.png", tiny) for i in range(501)]),
            "Python zipfile", "limit", "501 tiny PNGs (2x2) in targets/: more than 500 files",
            role="archive")

    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zi = zipfile.ZipInfo("targets/bomb.npy", date_time=ZIP_DATE)
        zi.create_system = 3
        zi.external_attr = 0o100644 << 16
        zi.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(zi, "w") as f:
            chunk = bytes(1 << 20)
            for _ in range(300):
                f.write(chunk)
    add_bad("bad/zip_bomb_300mib.zip", b.getvalue(), "Python zipfile", "limit",
            "one entry of 300 MiB of zero bytes, deflated (the central directory says 314572800 bytes): "
            "over the 256 MiB total", role="archive")

    inner = npy_bytes(np.zeros((1118, 1118), dtype="<f8"))
    zb = bytearray(zip_bytes([("targets/liar.npy", inner)]))
    assert zb[:4] == b"PK\x03\x04"
    struct.pack_into("<I", zb, 22, 100)  # local header: uncompressed size
    cd = zb.index(b"PK\x01\x02")
    struct.pack_into("<I", zb, cd + 24, 100)  # central directory: uncompressed size
    add_bad("bad/zip_size_lie.zip", bytes(zb), "Python zipfile", "limit",
            f"one entry whose local and central headers declare 100 bytes uncompressed but whose deflate "
            f"stream inflates to {len(inner)} bytes (a valid float64 1118x1118 .npy): the inflater must stop "
            "at the declared size", role="archive", expect_any=["limit", "zip"])

    two = zip_bytes([("targets/a.npy", npy_bytes(np.zeros(SHAPE2, np.uint8))),
                     ("preds/a.npy", npy_bytes(np.full(SHAPE2, 0.5)))])
    add_bad("bad/zip_truncated.zip", two[: len(two) * 2 // 3], "Python zipfile", "zip",
            "a two-entry zip cut at 2/3: no end-of-central-directory record", role="archive")
    zi_entries = [("targets/a.npy", npy_bytes(np.zeros(SHAPE2, np.uint8)))]
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", compression=zipfile.ZIP_STORED) as zf:
        zi = zipfile.ZipInfo(zi_entries[0][0], date_time=ZIP_DATE)
        zi.create_system = 3
        zi.external_attr = 0o100644 << 16
        zf.writestr(zi, zi_entries[0][1])
    zb = bytearray(b.getvalue())
    zb[30 + len("targets/a.npy") + 140] ^= 0x01  # one data byte of the stored entry flipped
    add_bad("bad/zip_bad_crc.zip", bytes(zb), "Python zipfile", "zip",
            "a stored (uncompressed) entry with one data byte flipped: only the CRC-32 tells",
            role="archive", expect_any=["zip", "crc", "checksum"])


# ----------------------------------------------------------------------------------------------
# 3. data sets
# ----------------------------------------------------------------------------------------------
def blob(r, shape, n, center, radii, rough=1.5):
    """Exactly n pixels/voxels: the n best scores of an ellipse distance plus smooth noise."""
    if n == 0:
        return np.zeros(shape, bool)
    grids = np.meshgrid(*[np.arange(s, dtype=np.float64) for s in shape], indexing="ij")
    d = sum(((g - c) / rr) ** 2 for g, c, rr in zip(grids, center, radii))
    noise = blur(blur(r.normal(size=shape), 3), 3)
    score = -np.sqrt(d) * float(np.mean(radii)) + rough * noise / noise.std()  # in pixels
    order = np.argsort(-score.ravel(), kind="stable")
    m = np.zeros(int(np.prod(shape)), bool)
    m[order[:n]] = True
    return m.reshape(shape)


def fake_pred(r, target, miss=True, fp=True):
    """A model-like probability map: high on the object with soft edges, smooth noise, one missed
    part of the object and one false-positive blob."""
    shape = target.shape
    t = target.astype(np.float64)
    soft = blur(t, 1)
    z = 8.0 * (soft - 0.5) + 3.0 * blur(r.normal(size=shape), 1)
    grids = np.meshgrid(*[np.arange(s, dtype=np.float64) for s in shape], indexing="ij")
    if fp:
        c = [r.uniform(0.15 * s, 0.85 * s) for s in shape]
        d2 = sum((g - cc) ** 2 for g, cc in zip(grids, c))
        z += 7.0 * np.exp(-d2 / (2 * 2.0 ** 2))
    if miss and target.sum() >= 100:
        idx = np.flatnonzero(target.ravel())
        c = np.unravel_index(idx[len(idx) // 3], shape)
        d2 = sum((g - cc) ** 2 for g, cc in zip(grids, c))
        z -= 8.0 * np.exp(-d2 / (2 * 2.5 ** 2))
    return sigmoid(z)


def fake_image(r, target):
    img = 70 + 18 * r.normal(size=target.shape) + 20 * blur(r.normal(size=target.shape), 2)
    img += 70 * blur(target.astype(np.float64), 1)
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def target_file(kind, m):
    """Encode a bool mask; returns (suffix, bytes, writer, raw array as the reader sees it)."""
    if kind == "png8_255":
        a = m.astype(np.uint8) * 255
        return ".png", png_pillow(Image.fromarray(a)), "Pillow", a
    if kind == "png8_01":
        a = m.astype(np.uint8)
        return ".png", png_pillow(Image.fromarray(a)), "Pillow", a
    if kind == "png16_01":
        a = m.astype(np.uint16)
        return ".png", png_pillow(Image.fromarray(a)), "Pillow", a
    if kind == "npy_u8":
        a = m.astype(np.uint8)
        return ".npy", npy_bytes(a), "NumPy", a
    if kind == "npy_bool":
        return ".npy", npy_bytes(m), "NumPy", m
    if kind == "nii_u8":
        a = m.astype(np.uint8)
        return ".nii", nib.Nifti1Image(a, AFFINE).to_bytes(), "nibabel", a
    if kind == "niigz_u8":
        a = m.astype(np.uint8)
        return ".nii.gz", gz(nib.Nifti1Image(a, AFFINE).to_bytes()), "nibabel", a
    raise ValueError(kind)


def pred_file(kind, p):
    """Encode probabilities (or logits); returns (suffix, bytes, writer, values as read)."""
    if kind == "npy_f32":
        a = p.astype(np.float32)
        return ".npy", npy_bytes(a), "NumPy", a.astype(np.float64)
    if kind == "npy_f64":
        return ".npy", npy_bytes(p), "NumPy", p
    if kind == "png16":
        a = np.round(p * 65535).astype(np.uint16)
        return ".png", png_pillow(Image.fromarray(a)), "Pillow", a / 65535.0
    if kind == "niigz_f32":
        a = p.astype(np.float32)
        return ".nii.gz", gz(nib.Nifti1Image(a, AFFINE).to_bytes()), "nibabel", a.astype(np.float64)
    raise ValueError(kind)


def make_set(dirname, cases, logits=False, note=""):
    """cases: dicts with name, target (bool mask), tkind, pred (array), pkind, optional image."""
    pairs = []
    for c in cases:
        ts, tdata, tw, traw = target_file(c["tkind"], c["target"])
        ps, pdata, pw, pvals = pred_file(c["pkind"], c["pred"])
        npix = int(np.count_nonzero(traw))
        tnote = f"{c['name']} target, {c['tkind']}, {npix} object pixels"
        write(f"{dirname}/targets/{c['name']}{ts}", tdata, tnote, tw)
        write(f"{dirname}/preds/{c['name']}{ps}", pdata,
              f"{c['name']} prediction ({'logits' if logits else 'probabilities'}), {c['pkind']}", pw)
        pair = {"name": c["name"], "target_path": f"targets/{c['name']}{ts}", "pred_path": f"preds/{c['name']}{ps}"}
        if "image" in c:
            write(f"{dirname}/images/{c['name']}.png", png_pillow(Image.fromarray(c["image"])),
                  f"{c['name']} input image, 8-bit grey (object brighter)", "Pillow")
            pair["image_path"] = f"images/{c['name']}.png"
        pair.update(shape=list(c["target"].shape), target_pixels=npix, target=flist(traw != 0))
        pair["logit" if logits else "prob"] = flist(pvals)
        if not logits:
            assert np.all((pvals >= 0) & (pvals <= 1))
        pairs.append(pair)
    entry = {"dir": dirname, "logits": logits, "note": note, "pairs": pairs, "errors": []}
    MANIFEST["sets"].append(entry)
    return entry


def make_sets():
    S = (48, 48)
    plan = [  # name, pixels, centre, radii, target kind, prediction kind
        ("case01", 0, (24, 24), (1, 1), "png8_255", "npy_f32"),
        ("case02", 3, (9, 33), (1, 1), "png8_01", "npy_f64"),
        ("case03", 40, (30, 12), (3.0, 4.5), "npy_u8", "png16"),
        ("case04", 300, (20, 28), (8.0, 12.0), "nii_u8", "niigz_f32"),
        ("case05", 1200, (26, 22), (17.0, 22.0), "png16_01", "npy_f32"),
        ("case06", 100, (12, 30), (5.0, 6.0), "npy_bool", "npy_f64"),
    ]
    cases = []
    for name, n, centre, radii, tk, pk in plan:
        r = rng("set2d/" + name)
        m = blob(r, S, n, centre, radii)
        assert int(m.sum()) == n
        cases.append({"name": name, "target": m, "tkind": tk, "pred": fake_pred(r, m), "pkind": pk,
                      "image": fake_image(r, m)})
    s2 = make_set("set2d", cases, note=(
        "6 pairs of 48x48 paired by stem across formats; object sizes 0, 3, 40, 300, 1200 and exactly 100 "
        "pixels (the 100-999 bin's lower edge); targets: 8-bit PNG 0/255 and 0/1, 16-bit PNG 0/1, uint8 and "
        "bool .npy, uint8 .nii; predictions: float32/float64 .npy, 16-bit PNG, float32 .nii.gz"))

    files = sorted(p for p in NOTES if p.startswith("set2d/"))
    zdata = zip_bytes([(p[len("set2d/"):], (OUT / p).read_bytes()) for p in files],
                      dirs=["images/", "preds/", "targets/"])
    write("set2d.zip", zdata, "set2d's images/, preds/ and targets/ zipped (with directory entries, as `zip -r` "
          "writes them; deflate level 9, fixed dates); same pairs as set2d", "Python zipfile")
    MANIFEST["sets"].append({"dir": "set2d.zip", "logits": False, "note": "the same pairs as set2d, from the zip",
                             "pairs": s2["pairs"], "errors": []})

    S3 = (6, 24, 24)
    cases = []
    for name, n, centre, radii in (("vol01", 180, (3, 10, 13), (2.0, 5.0, 6.0)),
                                   ("vol02", 1100, (2.5, 13, 11), (4.0, 10.0, 9.0))):
        r = rng("set3d/" + name)
        m = blob(r, S3, n, centre, radii)
        assert int(m.sum()) == n
        cases.append({"name": name, "target": m, "tkind": "niigz_u8", "pred": fake_pred(r, m), "pkind": "npy_f32"})
    make_set("set3d", cases, note="2 pairs of 3-D volumes [6, 24, 24] (nibabel shape (6, 24, 24)); uint8 .nii.gz "
             "targets, float32 .npy predictions")

    r = rng("set_logits")
    cases = []
    for name, n, tk in (("img01", 60, "png8_255"), ("img02", 350, "npy_u8")):
        m = blob(r, (32, 32), n, (r.uniform(10, 22), r.uniform(10, 22)), (6.0, 8.0))
        p = fake_pred(r, m)
        z = np.clip(np.log(p) - np.log1p(-p), -9, 9)
        cases.append({"name": name, "target": m, "tkind": tk, "pred": z, "pkind": "npy_f32"})
    make_set("set_logits", cases, logits=True, note="2 pairs of 32x32 whose predictions are float32 logits in "
             "[-9, 9] (read with --logits); `logit` lists the raw logits, not sigmoids")

    # set_bad
    r = rng("set_bad")
    S = (24, 24)
    m = blob(r, S, 50, (12, 12), (4.0, 5.0))
    good = {"name": "good", "target": m, "tkind": "png8_255", "pred": fake_pred(r, m), "pkind": "npy_f32"}
    entry = make_set("set_bad", [good], note="one good pair and four that must be listed in errors while the good "
                     "pair is still evaluated")
    d = "set_bad"
    m2 = blob(r, S, 40, (10, 14), (4.0, 4.0))
    write(f"{d}/targets/mismatch.npy", npy_bytes(m2.astype(np.uint8)), "mismatch target [24, 24]", "NumPy")
    write(f"{d}/preds/mismatch.npy", npy_bytes(fake_pred(r, np.zeros((20, 24), bool)).astype(np.float32)),
          "mismatch prediction [20, 24]: the shapes differ", "NumPy")
    write(f"{d}/targets/lonely_target.png", png_pillow(Image.fromarray(m2.astype(np.uint8) * 255)),
          "a target without a prediction", "Pillow")
    write(f"{d}/preds/lonely_pred.npy", npy_bytes(fake_pred(r, m2).astype(np.float32)),
          "a prediction without a target", "NumPy")
    write(f"{d}/targets/nan.png", png_pillow(Image.fromarray(m2.astype(np.uint8) * 255)), "target of the NaN pair",
          "Pillow")
    p = fake_pred(r, m2)
    p[5, 7] = np.nan
    write(f"{d}/preds/nan.npy", npy_bytes(p), "float64 prediction with a NaN at [5, 7]", "NumPy")
    entry["errors"] = [
        {"name": "mismatch", "expect": "shape", "expect_any": ["shape"],
         "note": "target [24, 24], prediction [20, 24]"},
        {"name": "lonely_target", "expect": "no prediction", "expect_any": ["no prediction", "missing", "unpaired"],
         "note": "targets/lonely_target.png has no preds/lonely_target.*"},
        {"name": "lonely_pred", "expect": "no target", "expect_any": ["no target", "missing", "unpaired"],
         "note": "preds/lonely_pred.npy has no targets/lonely_pred.*"},
        {"name": "nan", "expect": "not finite", "expect_any": ["not finite"], "note": "NaN in preds/nan.npy"},
    ]


# ----------------------------------------------------------------------------------------------
# manifest and README
# ----------------------------------------------------------------------------------------------
def dump_manifest():
    """One line per file, bad file, pair: readable diffs, no float formatting but repr (round-trips)."""
    d = lambda o: json.dumps(o, ensure_ascii=False, allow_nan=False)  # noqa: E731
    lines = ["{", f' "generator": {d(MANIFEST["generator"])},', f' "versions": {d(MANIFEST["versions"])},',
             f' "limits": {d(MANIFEST["limits"])},', ' "files": [']
    lines.append(",\n".join("  " + d(e) for e in MANIFEST["files"]))
    lines.append(' ],\n "bad": [')
    lines.append(",\n".join("  " + d(e) for e in MANIFEST["bad"]))
    lines.append(' ],\n "sets": [')
    sets = []
    for s in MANIFEST["sets"]:
        head = {k: v for k, v in s.items() if k not in ("pairs", "errors")}
        body = ",\n".join("    " + d(p) for p in s["pairs"])
        errs = ",\n".join("    " + d(e) for e in s["errors"])
        sets.append("  " + d(head)[:-1] + ',\n   "pairs": [\n' + body + "\n   ],\n   \"errors\": ["
                    + ("\n" + errs + "\n   " if errs else "") + "]}")
    lines.append(",\n".join(sets))
    lines.append(" ]\n}\n")
    text = "\n".join(lines)
    assert json.loads(text) == json.loads(json.dumps(MANIFEST, allow_nan=False))
    (OUT / "manifest.json").write_text(text, encoding="utf-8")


README_HEAD = """# fixtures/data: real files for the "own data" readers (issue #19)

Made by `tools/oracle/make_data_fixtures.py` with NumPy, nibabel and Pillow (pypng for the PNG
cases Pillow cannot write). Do not edit by hand: rerun

    /work/oracle-venv/bin/python tools/oracle/make_data_fixtures.py

(versions in `tools/oracle/requirements.txt`; a rerun rewrites identical bytes). The script
re-reads everything with an independent reference reader and the libraries before it ends.

## manifest.json

- `files[]`: `path`, `role` (`target`, `prediction` or `logits`), `shape` (after the rules:
  NIfTI keeps nibabel's `img.shape`, a trailing 1 beyond the second dimension dropped),
  `values` (float64, C order: targets after nonzero -> 1; PNG predictions value / (2^bitdepth - 1);
  float NIfTI after `scl_slope`/`scl_inter`; logits raw), `raw` (the decoded numbers before the
  role's rule: PNG samples (a palette's grey value, a 1-bit sample 0/1), stored NIfTI values before
  scaling), `note`, and per format `bitdepth`, `dtype`, `fortran_order`, `nifti_version`,
  `nibabel_shape`, `scl_slope`/`scl_inter` (null for NaN).
- `bad[]`: `path`, `role` (`prediction` where the check is a probability check, `archive` for a
  zip), `expect` (the word the one-line reason must contain), `expect_any` (any of these is enough;
  it always includes `expect`), `note`.
- `sets[]`: `dir`, `logits`, `note`, `pairs[]` with `name`, `target_path`, `pred_path`,
  `image_path` (set2d), `shape`, `target_pixels`, `target` (0/1) and `prob` (or `logit` for a
  logits set), and `errors[]` with `name`, `expect`, `expect_any`, `note`. (The brief's sketch
  used `target` both for the path and the values; the paths are `target_path`/`pred_path`.)
  `set2d.zip` is listed as its own set with the same pairs, paths inside the archive.
- `limits`: the limits the bad files are made against (500 files, 256 MiB, 2048 per 2-D side,
  256^3 voxels for 3-D).

## Things a reader must get right (each has a file)

- NIfTI data are stored Fortran order (dim1 fastest); `values` are C order of nibabel's shape.
- Integer NIfTI data are raw even with a slope (`nii_i16_mask_slope2_inter1.nii.gz`: nibabel's
  `get_fdata()` would make every voxel nonzero). Float data: `raw * slope + inter` in f64 with the
  float32 header numbers widened (0.1 is 0.10000000149011612), two roundings, no fused multiply-add;
  nibabel computes exactly that. Slope 0 means no scaling and the intercept is ignored too (nibabel
  agrees); a NaN slope also means no scaling (nibabel's rule; nibabel itself writes 1 / 0).
- A 16-bit 0/1 PNG is a mask, not an empty image. A palette PNG's values are the palette's grey
  levels, not the indices. Alpha is ignored. 1/2/4-bit grey are sample / (2^bitdepth - 1).

## Every file
"""


def write_readme():
    groups = [("files/", "files/: one file per reader case (all must be read)"),
              ("bad/", "bad/: each must be refused with a one-line reason (the word in the manifest)"),
              ("set2d/", "set2d/: 6 pairs 48x48, mixed formats, every object-size bin"),
              ("set2d.zip", "set2d.zip"),
              ("set3d/", "set3d/: 2 pairs of 6x24x24 volumes"),
              ("set_bad/", "set_bad/: one good pair, four errors"),
              ("set_logits/", "set_logits/: predictions are logits")]
    expect = {b["path"]: b["expect"] for b in MANIFEST["bad"]}
    out = [README_HEAD]
    for prefix, title in groups:
        out.append(f"\n### {title}\n\n| file | written by | why |\n| --- | --- | --- |")
        for p in sorted(k for k in NOTES if k.startswith(prefix)):
            why = NOTES[p].replace("|", "\\|")
            if p in expect:
                why = f"**{expect[p]}**: {why}"
            out.append(f"| `{p}` | {WRITER[p]} | {why} |")
    out.append("\n`manifest.json` and this `README.md` are written by the same script.\n")
    on_disk = {str(f.relative_to(OUT)) for f in OUT.rglob("*") if f.is_file()}
    assert on_disk - {"manifest.json"} == set(NOTES), on_disk ^ set(NOTES)
    (OUT / "README.md").write_text("\n".join(out), encoding="utf-8")


# ----------------------------------------------------------------------------------------------
# verification: an independent reference reader written from the rules (struct / zlib / pypng)
# ----------------------------------------------------------------------------------------------
class Refused(Exception):
    pass


def check_limits(shape):
    if len(shape) not in (2, 3) or min(shape) < 1:
        raise Refused(f"shape {list(shape)}: must be 2-D [H, W] or 3-D [D, H, W]")
    if len(shape) == 2 and max(shape) > LIMIT_SIDE_2D:
        raise Refused(f"{shape[0]}x{shape[1]} is over the limit of {LIMIT_SIDE_2D} per side")
    if len(shape) == 3 and int(np.prod(shape)) > LIMIT_VOXELS_3D:
        raise Refused(f"{int(np.prod(shape))} voxels is over the limit of {LIMIT_VOXELS_3D}")


def ref_png(data):
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise Refused("not a PNG file")
    pos, seen_end = 8, False
    while pos < len(data):
        if pos + 8 > len(data):
            raise Refused("truncated PNG (chunk header)")
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        if ctype == b"IHDR":
            w, h = struct.unpack(">II", data[pos + 8:pos + 16])
            check_limits((h, w))
        if pos + 12 + length > len(data):
            raise Refused(f"truncated PNG ({ctype.decode()} chunk)")
        pos += 12 + length
        if ctype == b"IEND":
            seen_end = True
            break
    if not seen_end:
        raise Refused("truncated PNG (no IEND)")
    w, h, rows, info = png.Reader(bytes=data).asDirect()
    planes = info["planes"]
    a = np.array([list(r) for r in rows], dtype=np.float64).reshape(h, w, planes)
    if not info["greyscale"]:
        if not (np.array_equal(a[:, :, 0], a[:, :, 1]) and np.array_equal(a[:, :, 0], a[:, :, 2])):
            raise Refused("PNG channels differ: R, G and B must be equal")
    return a[:, :, 0], "png", float(2 ** info["bitdepth"] - 1)


NPY_OK = {"|b1", "|u1", "<u2", ">u2", "<i4", ">i4", "<i8", ">i8", "<f4", ">f4", "<f8", ">f8"}


def ref_npy(data):
    if not data.startswith(b"\x93NUMPY"):
        raise Refused("not a .npy file (no \\x93NUMPY magic)")
    if data[6] == 1:
        hlen, start = struct.unpack("<H", data[8:10])[0], 10
    else:
        hlen, start = struct.unpack("<I", data[8:12])[0], 12
    hdr = ast.literal_eval(data[start:start + hlen].decode("latin1"))
    descr, fortran, shape = hdr["descr"], hdr["fortran_order"], tuple(hdr["shape"])
    if descr not in NPY_OK:
        raise Refused(f"unsupported dtype {descr}")
    check_limits(shape)
    dt = np.dtype(descr)
    n = int(np.prod(shape))
    body = start + hlen
    if len(data) - body < n * dt.itemsize:
        raise Refused(f"truncated: {len(data) - body} data bytes, {n * dt.itemsize} needed")
    a = np.frombuffer(data, dtype=dt, count=n, offset=body).reshape(shape, order="F" if fortran else "C")
    return a.astype(np.float64), ("float" if dt.kind == "f" else "int"), None


def ref_gunzip(data):
    d = zlib.decompressobj(31)
    out = []
    total = 0
    try:
        for i in range(0, len(data), 1 << 16):
            chunk = d.decompress(data[i:i + (1 << 16)], LIMIT_BYTES + 1 - total)
            total += len(chunk)
            if total > LIMIT_BYTES or d.unconsumed_tail:
                raise Refused("gzip stream inflates over the limit")
            out.append(chunk)
            if d.eof:
                break
    except zlib.error as e:
        raise Refused(f"gzip: corrupt stream ({e})")
    if not d.eof:
        raise Refused("truncated gzip stream")
    return b"".join(out)


NII_DT = {2: "u1", 4: "i2", 8: "i4", 16: "f4", 64: "f8", 256: "i1", 512: "u2", 768: "u4", 1024: "i8", 1280: "u8"}


def ref_nifti(data):
    if len(data) < 4:
        raise Refused("truncated NIfTI header")
    le, be = struct.unpack("<i", data[:4])[0], struct.unpack(">i", data[:4])[0]
    if le in (348, 540):
        e, size = "<", le
    elif be in (348, 540):
        e, size = ">", be
    else:
        raise Refused(f"sizeof_hdr is {le}: not 348 (NIfTI-1) or 540 (NIfTI-2)")
    if len(data) < size:
        raise Refused("truncated NIfTI header")
    if size == 348:
        if data[344:348] != b"n+1\0":
            raise Refused("not a single-file NIfTI-1 (magic)")
        dim = struct.unpack(e + "8h", data[40:56])
        datatype = struct.unpack(e + "h", data[70:72])[0]
        vox_offset = int(struct.unpack(e + "f", data[108:112])[0])
        slope, inter = struct.unpack(e + "ff", data[112:120])
    else:
        if data[4:12] != b"n+2\0\r\n\x1a\n":
            raise Refused("not a single-file NIfTI-2 (magic)")
        datatype = struct.unpack(e + "h", data[12:14])[0]
        dim = struct.unpack(e + "8q", data[16:80])
        vox_offset = struct.unpack(e + "q", data[168:176])[0]
        slope, inter = struct.unpack(e + "dd", data[176:192])
    ndim = dim[0]
    if not 1 <= ndim <= 7:
        raise Refused(f"dim[0] = {ndim}")
    full = tuple(int(x) for x in dim[1:1 + ndim])
    shape = list(full)
    while len(shape) > 2 and shape[-1] == 1:
        shape.pop()
    check_limits(tuple(shape))
    if datatype not in NII_DT:
        raise Refused(f"unsupported dtype: NIfTI datatype {datatype}")
    dt = np.dtype(e + NII_DT[datatype])
    n = int(np.prod(full))
    if len(data) < vox_offset + n * dt.itemsize:
        raise Refused(f"truncated: {len(data) - vox_offset} data bytes, {n * dt.itemsize} needed")
    raw = np.frombuffer(data, dtype=dt, count=n, offset=vox_offset).reshape(full, order="F").reshape(shape)
    raw = raw.astype(np.float64)
    if dt.kind == "f":
        vals = raw * float(slope) + float(inter) if (slope != 0 and np.isfinite(slope)) else raw
        return raw, "float", vals
    return raw, "int", None


def ref_decode(name, data):
    """-> (raw, kind, extra): kind png (extra = max value), float (extra = scaled values or None), int."""
    if name.endswith(".png"):
        return ref_png(data)
    if name.endswith(".npy"):
        return ref_npy(data)
    if name.endswith(".nii.gz"):
        return ref_nifti(ref_gunzip(data))
    if name.endswith(".nii"):
        return ref_nifti(data)
    raise Refused(f"not a PNG, .npy or NIfTI file: {name}")


def ref_read(name, data, role):
    raw, kind, extra = ref_decode(name, data)
    if kind == "float" and extra is not None:
        vals = extra
    elif kind == "png" and role != "target":
        vals = raw / extra
    else:
        vals = raw
    if kind == "float" and not np.all(np.isfinite(vals)):
        raise Refused("not finite values (NaN or infinity)")
    if role == "target":
        return raw, (vals != 0).astype(np.float64)
    if role == "prediction":
        if kind == "int" and not np.all((vals == 0) | (vals == 1)):
            raise Refused("integer prediction values other than 0/1")
        if not np.all((vals >= 0) & (vals <= 1)):
            raise Refused("probabilities outside [0, 1]")
    return raw, vals


def ref_zip(data):
    """-> {name: bytes} or Refused: count and declared sizes from the central directory, then each
    entry inflated with its declared size as the bound."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in zf.infolist() if not i.is_dir()]
    except zipfile.BadZipFile as e:
        raise Refused(f"zip: {e}")
    if len(infos) > LIMIT_FILES:
        raise Refused(f"{len(infos)} files in the zip: over the limit of {LIMIT_FILES}")
    if sum(i.file_size for i in infos) > LIMIT_BYTES:
        raise Refused(f"zip declares {sum(i.file_size for i in infos)} bytes: over the limit of {LIMIT_BYTES}")
    out = {}
    for i in infos:
        lh = data[i.header_offset:i.header_offset + 30]
        if lh[:4] != b"PK\x03\x04":
            raise Refused(f"zip: bad local header for {i.filename}")
        nlen, xlen = struct.unpack("<HH", lh[26:30])
        start = i.header_offset + 30 + nlen + xlen
        comp = data[start:start + i.compress_size]
        if i.compress_type == zipfile.ZIP_STORED:
            body = comp
        elif i.compress_type == zipfile.ZIP_DEFLATED:
            d = zlib.decompressobj(-15)
            try:
                body = d.decompress(comp, i.file_size + 1)
            except zlib.error as e:
                raise Refused(f"zip: {i.filename}: {e}")
            if len(body) > i.file_size:
                raise Refused(f"zip entry {i.filename} inflates beyond its declared {i.file_size} bytes (limit)")
        else:
            raise Refused(f"zip: {i.filename}: compression method {i.compress_type}")
        if zlib.crc32(body) != i.CRC:
            raise Refused(f"zip: {i.filename}: CRC-32 mismatch")
        out[i.filename] = body
    return out


def stem(n):
    base = n.rsplit("/", 1)[-1]
    return base[: -len(".nii.gz")] if base.endswith(".nii.gz") else base.rsplit(".", 1)[0]


def ref_set(files, logits):
    """files: {relative path: bytes} -> (pairs {name: (shape, target, pred)}, errors {name: reason})."""
    t = {stem(p): p for p in files if p.startswith("targets/")}
    pr = {stem(p): p for p in files if p.startswith("preds/")}
    pairs, errors = {}, {}
    for name in sorted(set(t) | set(pr)):
        if name not in pr:
            errors[name] = f"{t[name]}: no prediction for this target"
            continue
        if name not in t:
            errors[name] = f"{pr[name]}: no target for this prediction"
            continue
        try:
            _, tv = ref_read(t[name], files[t[name]], "target")
            _, pv = ref_read(pr[name], files[pr[name]], "logits" if logits else "prediction")
            if tv.shape != pv.shape:
                raise Refused(f"shape {list(tv.shape)} of the target differs from {list(pv.shape)}")
            pairs[name] = (tv, pv)
        except Refused as e:
            errors[name] = str(e)
    return pairs, errors


def lib_read(rel, writer):
    """The same file through the libraries (the one that did not write it where there is one)."""
    p = OUT / rel
    out = {}
    if rel.endswith(".png"):
        im = Image.open(p)
        im.load()
        mode = im.mode
        if mode == "P":
            pal = np.array(im.getpalette()[: 3 * 256]).reshape(-1, 3)
            idx = np.array(im)
            assert np.array_equal(pal[idx, 0], pal[idx, 1]) and np.array_equal(pal[idx, 0], pal[idx, 2])
            out["Pillow"] = (pal[idx, 0].astype(np.float64), 8)
        elif mode == "1":
            out["Pillow"] = (np.array(im).astype(np.float64), 1)
        else:
            a = np.array(im).astype(np.float64)
            if a.ndim == 3:
                if mode in ("RGB", "RGBA"):
                    assert np.array_equal(a[:, :, 0], a[:, :, 1]) and np.array_equal(a[:, :, 0], a[:, :, 2])
                a = a[:, :, 0]
            out["Pillow"] = (a, 16 if mode.startswith("I") else 8)
        direct = png.Reader(filename=str(p)).asDirect()
        w, h, rows, info = direct
        a = np.array([list(r) for r in rows], dtype=np.float64).reshape(h, w, info["planes"])
        out["pypng"] = (a[:, :, 0], info["bitdepth"])
    elif rel.endswith(".npy"):
        a = np.load(p, mmap_mode="r", allow_pickle=False)
        out["numpy-mmap"] = np.array(a, dtype=np.float64)
    else:
        img = nib.load(p)
        out["nibabel"] = (np.asanyarray(img.dataobj.get_unscaled()).astype(np.float64), img.get_fdata())
    return out


def verify():
    n_checked = 0
    for e in MANIFEST["files"]:
        rel, role = e["path"], e["role"]
        data = (OUT / rel).read_bytes()
        raw, vals = ref_read(rel, data, role)
        shape = list(raw.shape)
        assert shape == e["shape"], (rel, shape, e["shape"])
        assert flist(raw) == e["raw"], rel
        assert flist(vals) == e["values"], rel
        if role == "target":
            assert set(e["values"]) <= {0.0, 1.0} and 0.0 in e["values"] and 1.0 in e["values"], rel
        if role == "prediction":
            assert min(e["values"]) >= 0 and max(e["values"]) <= 1, rel
        man_raw = np.array(e["raw"]).reshape(shape)
        for lib, got in lib_read(rel, WRITER[rel]).items():
            if lib in ("Pillow", "pypng"):
                a, bd = got
                if bd == e["bitdepth"] or (lib == "Pillow" and e["bitdepth"] == 1):
                    assert np.array_equal(a, man_raw), (rel, lib)
                elif lib == "Pillow" and bd == 8 and e["bitdepth"] == 16:  # Pillow's 16-bit LA / RGB
                    assert np.array_equal(a, np.floor(man_raw / 256)), (rel, lib)
                elif lib == "Pillow" and bd == 8 and e["bitdepth"] in (2, 4):  # Pillow scales to 8 bits
                    scale = 255 / (2 ** e["bitdepth"] - 1)
                    assert np.array_equal(a, man_raw * scale), (rel, lib)
                    if role == "prediction":
                        assert flist(a / 255.0) == e["values"], rel
                else:
                    raise AssertionError((rel, lib, bd))
            elif lib == "numpy-mmap":
                assert flist(got) == e["raw"], rel
            else:
                unscaled, fdata = got
                assert flist(unscaled.reshape(shape)) == e["raw"], rel
                if e["dtype"].lstrip("<>").startswith("float"):
                    assert flist(fdata.reshape(shape)) == e["values"], (rel, "get_fdata")
        n_checked += 1
        assert (OUT / rel).stat().st_size <= 20_000, rel

    for b in MANIFEST["bad"]:
        rel = b["path"]
        data = (OUT / rel).read_bytes()
        try:
            if b["role"] == "archive":
                ref_zip(data)
            else:
                ref_read(rel, data, b["role"])
        except Refused as err:
            msg = str(err)
            assert b["expect"] in msg, (rel, msg, b["expect"])
            assert any(x in msg for x in b["expect_any"]), (rel, msg)
            n_checked += 1
            continue
        raise AssertionError(f"{rel} was not refused")
    # a few library opinions on the bad files
    for rel in ("bad/npy_truncated.npy", "bad/npy_header_40x40_100_values.npy"):
        try:
            np.load(OUT / rel)
            raise AssertionError(rel)
        except ValueError:
            pass
    try:
        nib.load(OUT / "bad/nii_gz_corrupt_deflate.nii.gz").get_fdata()
        raise AssertionError("nibabel read the corrupt gzip")
    except (OSError, zlib.error, EOFError, ValueError):
        pass

    for s in MANIFEST["sets"]:
        if s["dir"].endswith(".zip"):
            files = ref_zip((OUT / s["dir"]).read_bytes())
            base = s["dir"][: -len(".zip")]
            for k, v in files.items():
                assert (OUT / base / k).read_bytes() == v, k
            assert len(files) == sum(1 for f in (OUT / base).rglob("*") if f.is_file())
        else:
            files = {str(f.relative_to(OUT / s["dir"])): f.read_bytes()
                     for f in sorted((OUT / s["dir"]).rglob("*")) if f.is_file()}
        pairs, errors = ref_set(files, s["logits"])
        assert sorted(pairs) == sorted(p["name"] for p in s["pairs"]), s["dir"]
        for p in s["pairs"]:
            tv, pv = pairs[p["name"]]
            assert list(tv.shape) == p["shape"]
            assert flist(tv) == p["target"] and int(tv.sum()) == p["target_pixels"]
            assert flist(pv) == p["logit" if s["logits"] else "prob"]
            if "image_path" in p:
                im = np.array(Image.open(io.BytesIO(files[p["image_path"]])))
                assert im.shape == tuple(p["shape"]) and im.dtype == np.uint8
        if not s["dir"].endswith(".zip"):  # the pairs again, through the libraries
            for p in s["pairs"]:
                for key, rel in (("target", p["target_path"]), ("pred", p["pred_path"])):
                    got = lib_read(f"{s['dir']}/{rel}", None)
                    for lib, v in got.items():
                        if lib in ("Pillow", "pypng"):
                            a, bd = v
                            v = a if key == "target" else a / float(2 ** bd - 1)
                        elif lib == "nibabel":
                            v = v[1]
                        v = np.asarray(v, dtype=np.float64).reshape(p["shape"])
                        if key == "target":
                            assert flist(v != 0) == p["target"], (rel, lib)
                        else:
                            assert flist(v) == p["logit" if s["logits"] else "prob"], (rel, lib)
        assert sorted(errors) == sorted(e["name"] for e in s["errors"]), (s["dir"], errors)
        for e in s["errors"]:
            assert any(x in errors[e["name"]] for x in e["expect_any"]), (e, errors[e["name"]])
        n_checked += 1
    return n_checked


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    make_png_files()
    make_npy_files()
    make_nifti_files()
    make_bad_files()
    make_sets()
    dump_manifest()
    write_readme()
    n = verify()
    total = sum(f.stat().st_size for f in OUT.rglob("*") if f.is_file())
    nfiles = sum(1 for f in OUT.rglob("*") if f.is_file())
    digest = hashlib.sha256()
    for f in sorted(OUT.rglob("*")):
        if f.is_file():
            digest.update(str(f.relative_to(OUT)).encode() + b"\0" + f.read_bytes())
    print(f"{len(MANIFEST['files'])} reader files, {len(MANIFEST['bad'])} bad files, {len(MANIFEST['sets'])} sets: "
          f"{n} checks passed")
    print(f"fixtures/data: {nfiles} files, {total} bytes; sha256 of the tree {digest.hexdigest()}")
    assert total < 3_000_000, total


if __name__ == "__main__":
    sys.exit(main())
