import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A TrueType font with Cyrillic and the Kazakh letters (ә ғ қ ң ө ұ ү һ і). DejaVu Sans is vendored
 * in assets/fonts (Bitstream Vera licence, assets/fonts/LICENSE-DejaVu.txt) so PDFs look the same on
 * every machine; Debian's fonts-dejavu-core copy is the fallback if the vendored files are removed.
 */
const CANDIDATES = {
  regular: [
    fileURLToPath(new URL('../../../assets/fonts/DejaVuSans.ttf', import.meta.url)),
    '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  ],
  bold: [
    fileURLToPath(new URL('../../../assets/fonts/DejaVuSans-Bold.ttf', import.meta.url)),
    '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  ],
};

export interface FontFiles {
  regular: string;
  bold: string;
}

let cached: FontFiles | undefined;

export function documentFonts(): FontFiles {
  if (cached) return cached;
  const find = (paths: string[]) => {
    const found = paths.find((path) => existsSync(path));
    if (!found) {
      throw new Error(
        `No font with Cyrillic and Kazakh letters found (looked in ${paths.join(', ')}). ` +
          'Restore assets/fonts/ from git or install fonts-dejavu-core.',
      );
    }
    return found;
  };
  cached = { regular: find(CANDIDATES.regular), bold: find(CANDIDATES.bold) };
  return cached;
}
