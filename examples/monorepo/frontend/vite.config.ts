import { defineConfig } from 'vite';

// Relative asset URLs, so the built app works from any directory (the browser test serves
// dist/ from a throwaway static server).
export default defineConfig({
  base: './',
  build: { outDir: 'dist', emptyOutDir: true },
});
