import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// In development Vite serves the console and forwards API and gateway calls to the API server
// (`pnpm start`, port 3000); in production the API serves the built files itself.
const api = process.env.RTS_API_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      "/api": { target: api, changeOrigin: true },
      "/v1": { target: api, changeOrigin: true, ws: true },
    },
  },
  // The manifest lets `pnpm bench` add up exactly the JavaScript the first page loads.
  build: { outDir: "dist", sourcemap: true, manifest: true },
});
