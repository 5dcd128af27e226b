// `vite build --ssr src/server.js`: one file holding its dependencies too (Vite leaves them
// external by default, for a deploy that ships node_modules).
export default { ssr: { noExternal: true } };
