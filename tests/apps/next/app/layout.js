export const metadata = { title: 'isometrik-token: Next.js edge middleware' };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
