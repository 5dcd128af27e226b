export default function Home() {
  return <p>GET /api/room with a valid Isometrik token (Authorization: Bearer … or the isometrik_token cookie).</p>;
}
