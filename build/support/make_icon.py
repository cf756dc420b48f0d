"""Draw the app icon (resources/icons/renkei-desktop.png and .ico) with Pillow.

Run once when the design changes: ``.venv/bin/python build/support/make_icon.py``. The files are committed; the
build only reads them. Design: a blue rounded square, a white bar chart and the kanji 連 (bundled IPAexGothic).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "resources" / "icons"
FONT = ROOT / "resources" / "fonts" / "ipaexg.ttf"
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
BLUE = (31, 78, 121, 255)
LIGHT = (189, 215, 238, 255)
WHITE = (255, 255, 255, 255)


def draw(size: int = 1024) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    s = size / 256
    d.rounded_rectangle((8 * s, 8 * s, 248 * s, 248 * s), radius=44 * s, fill=BLUE)
    # three bars of a chart, the last one highlighted
    base = 214 * s
    for i, (height, colour) in enumerate(((70, LIGHT), (110, LIGHT), (150, WHITE))):
        x = (120 + i * 40) * s
        d.rounded_rectangle((x, base - height * s, x + 28 * s, base), radius=5 * s, fill=colour)
    d.rectangle((28 * s, base, 228 * s, base + 8 * s), fill=WHITE)
    font = ImageFont.truetype(str(FONT), int(104 * s))
    d.text((24 * s, 30 * s), "連", font=font, fill=WHITE)
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw()
    big.resize((256, 256), Image.Resampling.LANCZOS).save(OUT / "renkei-desktop.png", optimize=True)
    big.save(OUT / "renkei-desktop.ico", sizes=ICO_SIZES)
    print(f"wrote {OUT / 'renkei-desktop.png'} and {OUT / 'renkei-desktop.ico'}")


if __name__ == "__main__":
    main()
