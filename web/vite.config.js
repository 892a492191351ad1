// Vite build of the gaoqi UI. The output (dist/) is embedded in the binary;
// during development `gaoqi serve --web-root web/dist` serves it from disk, or
// `npm run dev` proxies /api to a running server (GAOQI_API, default :8080).
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
	plugins: [vue()],
	base: '/',
	build: {
		outDir: 'dist',
		emptyOutDir: true,
		// Hashed files go to dist/assets/, which the server caches as immutable.
		assetsDir: 'assets',
		chunkSizeWarningLimit: 1500,
		rollupOptions: {
			output: {
				manualChunks: {
					vue: ['vue', 'vue-router'],
					element: ['element-plus', '@element-plus/icons-vue'],
					echarts: ['echarts/core', 'echarts/charts', 'echarts/components', 'echarts/renderers'],
				},
			},
		},
	},
	server: {
		proxy: { '/api': process.env.GAOQI_API || 'http://127.0.0.1:8080' },
	},
});
