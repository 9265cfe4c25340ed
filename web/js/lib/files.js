// files.js - raw-body uploads and file downloads for the import/export page.
// Files are sent as the request body itself (never multipart), with the
// CSRF header; downloads are fetched and handed to the browser as a blob.
import { ApiError, csrfToken } from '../api.js';

function withQuery(path, query) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '' && v !== false) qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

async function send(method, path, query, file) {
  let res;
  try {
    res = await fetch(withQuery(path, query), {
      method,
      headers: method === 'GET' ? {} : { 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': csrfToken() },
      body: file,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, { error: { message: '无法连接服务器，请检查网络后重试' } });
  }
  if (!res.ok) {
    let data = null;
    try {
      data = await res.json();
    } catch { /* not JSON */ }
    if (res.status === 413 && !(data && data.error)) data = { error: { message: '文件过大，超过服务器允许的上传大小' } };
    throw new ApiError(res.status, data);
  }
  return res;
}

/* POST the file as the body; the JSON answer. */
export async function uploadJson(path, file, query) {
  return (await send('POST', path, query, file)).json();
}

/* Fetch a file (GET, or POST with `file` as the body) and save it as `name`. */
export async function download(method, path, query, name, file) {
  const res = await send(method, path, query, file);
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return res;
}
