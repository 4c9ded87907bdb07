export { startDockershim, type Dockershim, type DockershimOptions } from './dockershim.js';
