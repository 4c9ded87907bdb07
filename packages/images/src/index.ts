export { BUSYBOX_IMAGE, PAUSE_IMAGE, PROJECT_IMAGES, buildImage, ensureImages, imageExists, type ImageSpec } from './images.js';
