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
      // The browser's Host is kept: the API accepts a signed-in change only when its Origin matches
      // the Host it sees.
      "/api": { target: api },
      "/v1": { target: api, ws: true },
    },
  },
  // The manifest lets `pnpm bench` add up exactly the JavaScript the first page loads. Source maps
  // would publish the console's source next to it: only when CONSOLE_SOURCE_MAPS=true.
  build: { outDir: "dist", sourcemap: process.env.CONSOLE_SOURCE_MAPS === "true", manifest: true },
});
