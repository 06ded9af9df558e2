// Lays an overlay element exactly over the picture of a <video> (which is letterboxed
// inside its box), so normalised coordinates on the overlay are the picture's.

export function fitToPicture(video, element) {
  const box = video.getBoundingClientRect();
  if (!video.videoWidth || !box.width) return;
  const scale = Math.min(box.width / video.videoWidth, box.height / video.videoHeight);
  const width = video.videoWidth * scale;
  const height = video.videoHeight * scale;
  Object.assign(element.style, {
    left: `${(box.width - width) / 2}px`, top: `${(box.height - height) / 2}px`, width: `${width}px`, height: `${height}px`,
  });
}
