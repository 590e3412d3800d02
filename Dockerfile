FROM node:24-bookworm-slim
RUN npm install --global pnpm@12.21.0
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile
ENV HOST=0.0.0.0 PORT=3000
EXPOSE 3000
CMD ["pnpm", "start"]
