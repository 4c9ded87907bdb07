// `node --import tsx deploy/images/build.ts [--force]`: builds the project's offline images
// (kubeling/pause:1, kubeling/busybox:1) into the local Docker engine from busybox-static.
import { ensureImages } from '../../packages/images/src/index.js';

const built = await ensureImages({ force: process.argv.includes('--force') });
process.stdout.write(built.length > 0 ? `built ${built.join(', ')}\n` : 'the images are there already\n');
