import { describe, expect, it } from 'vitest'
import {
  cleanFileName,
  contentDisposition,
  downloadName,
  isAttachmentUpload,
  isPlainText,
} from './attachments'

describe('attachment names and headers', () => {
  it('always answers as an attachment, with an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('отчёт "Q3"; final%.pdf')).toBe(
      `attachment; filename="_Q3__ final_.pdf"; filename*=UTF-8''%D0%BE%D1%82%D1%87%D1%91%D1%82%20%22Q3%22%3B%20final%25.pdf`,
    )
    expect(contentDisposition('café.png')).toBe(
      `attachment; filename="cafe.png"; filename*=UTF-8''caf%C3%A9.png`,
    )
    expect(contentDisposition('日本.txt')).toBe(
      `attachment; filename=".txt"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt`,
    )
  })

  it('drops paths, invisible characters and leading dots from uploaded names', () => {
    expect(cleanFileName('C:\\Users\\me\\report.pdf')).toBe('report.pdf')
    expect(cleanFileName('../../etc/passwd')).toBe('passwd')
    expect(cleanFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe')
    expect(cleanFileName('.htaccess')).toBe('htaccess')
    expect(cleanFileName('   ')).toBe('attachment')
    expect(cleanFileName(`${'a'.repeat(300)}.log`)).toMatch(/^a{140}\.log$/)
  })

  it('gives a download the extension of its detected type when the name claims another', () => {
    expect(downloadName({ originalName: 'invoice.html', contentType: 'application/pdf' })).toBe(
      'invoice.html.pdf',
    )
    expect(downloadName({ originalName: 'photo.JPG', contentType: 'image/jpeg' })).toBe('photo.JPG')
    expect(downloadName({ originalName: 'data.csv', contentType: 'text/csv' })).toBe('data.csv')
  })

  it('tells text from binary', () => {
    expect(isPlainText(new TextEncoder().encode('línea 1\r\n\tlínea 2'))).toBe(true)
    expect(isPlainText(new Uint8Array([0x48, 0x00, 0x49]))).toBe(false)
    expect(isPlainText(new Uint8Array([0xff, 0xfe, 0x41]))).toBe(false)
  })

  it('lets only multipart posts to the ticket pages past the 1 MiB limit', () => {
    const upload = { method: 'POST', contentType: 'multipart/form-data; boundary=x' }
    expect(isAttachmentUpload({ ...upload, path: '/es/tickets/new' })).toBe(true)
    expect(isAttachmentUpload({ ...upload, path: '/es/tickets/1001.data' })).toBe(true)
    expect(isAttachmentUpload({ ...upload, path: '/es/tasks' })).toBe(false)
    expect(isAttachmentUpload({ ...upload, path: '/es/tickets/deflections' })).toBe(false)
    expect(isAttachmentUpload({ ...upload, path: '/xx/tickets/new' })).toBe(false)
    expect(isAttachmentUpload({ ...upload, method: 'PUT', path: '/es/tickets/new' })).toBe(false)
    expect(
      isAttachmentUpload({
        method: 'POST',
        contentType: 'application/x-www-form-urlencoded',
        path: '/es/tickets/new',
      }),
    ).toBe(false)
  })
})
